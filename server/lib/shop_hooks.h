// Shop webhooks turned into Flowcast events: Shopify (orders, checkouts, fulfillments,
// customers) and WooCommerce (orders, customers). Each webhook becomes an `identify` event
// (email, names, phone) followed by the business event; the contact is the customer's email,
// lower-cased. Event ids come from the delivery id, so the shop's retries are idempotent.
// The mapping is documented in docs/api.md "Shop webhooks".
#pragma once

#include <string>
#include <vector>

#include "core/model/event.h"

namespace flowcast {

struct HookMapping {
  Json events = Json::array();
  std::string ignored;  // why nothing was produced (unknown topic, no email); "" otherwise
};

HookMapping map_shopify(const std::string& topic, const std::string& webhook_id, const Json& body);
HookMapping map_woocommerce(const std::string& topic, const std::string& delivery_id,
                            const Json& body);

// True iff `signature_b64` is the base64 HMAC-SHA256 of `body` under `secret` (constant time).
bool verify_hmac_base64(const std::string& secret, const std::string& body,
                        const std::string& signature_b64);

}  // namespace flowcast
