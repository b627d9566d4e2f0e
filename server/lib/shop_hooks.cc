// Shopify and WooCommerce payloads -> events.
#include "server/lib/shop_hooks.h"

#include <cstdlib>

#include "server/lib/crypto.h"
#include "server/lib/segment.h"

namespace flowcast {

bool verify_hmac_base64(const std::string& secret, const std::string& body,
                        const std::string& signature_b64) {
  if (secret.empty() || signature_b64.empty()) return false;
  auto given = crypto::base64_decode(signature_b64);
  if (!given) return false;
  return crypto::constant_time_equal(*given, crypto::hmac_sha256(secret, body));
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// Money is sent as strings ("59.90"); numbers are what expressions compare.
Json money(const Json& j, const char* key) {
  std::string s = str(j, key);
  if (s.empty()) return nullptr;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return nullptr;
  return v;
}

void put(Json& props, const char* key, const Json& value) {
  if (!value.is_null() && !(value.is_string() && value.get<std::string>().empty())) props[key] = value;
}

// An ISO 8601 instant from the payload (Shopify: "2026-03-02T09:00:00-05:00"), if it parses.
Json instant(const Json& j, const char* key) {
  std::string s = whole_seconds(str(j, key));
  if (s.empty() || !time::parse_instant(s)) return nullptr;
  return s;
}

void emit(HookMapping& m, const std::string& contact, const Json& identify, const std::string& type,
          Json props, const std::string& id_base, const Json& at) {
  Json ident = {{"contact", contact}, {"type", "identify"}, {"properties", identify},
                {"id", id_base + ":identify"}};
  if (!at.is_null()) ident["at"] = at;
  m.events.push_back(std::move(ident));
  if (type.empty()) return;
  Json e = {{"contact", contact}, {"type", type}, {"properties", std::move(props)}, {"id", id_base}};
  if (!at.is_null()) e["at"] = at;
  m.events.push_back(std::move(e));
}

Json shopify_identity(const Json& body, const Json& customer, std::string* email) {
  *email = lower(str(body, "email"));
  if (email->empty()) *email = lower(str(customer, "email"));
  if (email->empty()) *email = lower(str(body, "contact_email"));
  Json ident = {{"email", *email}};
  put(ident, "first_name", str(customer, "first_name"));
  put(ident, "last_name", str(customer, "last_name"));
  std::string phone = str(customer, "phone");
  if (phone.empty()) phone = str(body, "phone");
  if (!phone.empty()) ident["phone"] = phone;
  put(ident, "shopify_customer_id", str(customer, "id"));
  return ident;
}

}  // namespace

HookMapping map_shopify(const std::string& topic, const std::string& webhook_id, const Json& body) {
  HookMapping m;
  if (!body.is_object()) {
    m.ignored = "the payload is not an object";
    return m;
  }
  std::string type;
  Json props = Json::object();
  Json customer = body.contains("customer") ? body["customer"] : Json::object();
  Json at;
  if (topic == "orders/create" || topic == "orders/paid") {
    type = topic == "orders/create" ? "Order Completed" : "Order Paid";
    put(props, "order_id", str(body, "id"));
    put(props, "order_number", str(body, "name"));
    put(props, "total", money(body, "total_price"));
    put(props, "currency", str(body, "currency"));
    if (body.contains("line_items") && body["line_items"].is_array()) {
      props["item_count"] = body["line_items"].size();
    }
    at = instant(body, topic == "orders/paid" ? "processed_at" : "created_at");
  } else if (topic == "checkouts/create" || topic == "checkouts/update") {
    type = topic == "checkouts/create" ? "Checkout Started" : "Checkout Updated";
    put(props, "checkout_id", str(body, "token"));
    put(props, "cart_value", money(body, "total_price"));
    put(props, "currency", str(body, "currency"));
    put(props, "checkout_url", str(body, "abandoned_checkout_url"));
    at = instant(body, "updated_at");
  } else if (topic == "fulfillments/create" || topic == "fulfillments/update") {
    std::string shipment = str(body, "shipment_status");
    type = topic == "fulfillments/create" ? "Order Shipped"
           : shipment == "delivered"      ? "Order Delivered"
           : shipment == "out_for_delivery" ? "Out For Delivery"
                                            : "Fulfillment Updated";
    put(props, "order_id", str(body, "order_id"));
    put(props, "tracking_number", str(body, "tracking_number"));
    put(props, "tracking_url", str(body, "tracking_url"));
    put(props, "shipment_status", shipment);
    customer = body.contains("destination") ? body["destination"] : Json::object();
  } else if (topic == "customers/create") {
    type = "Signed Up";
    customer = body;
    props["accepts_marketing"] = body.value("accepts_marketing", false);
    at = instant(body, "created_at");
  } else {
    m.ignored = "topic " + topic + " is not mapped";
    return m;
  }
  std::string email;
  Json ident = shopify_identity(body, customer, &email);
  if (email.empty()) {
    m.ignored = "the payload names no customer email";
    return m;
  }
  std::string id_base = "shopify:" + (webhook_id.empty() ? topic + ":" + str(body, "id") : webhook_id);
  emit(m, email, ident, type, std::move(props), id_base, at);
  return m;
}

HookMapping map_woocommerce(const std::string& topic, const std::string& delivery_id,
                            const Json& body) {
  HookMapping m;
  if (!body.is_object()) {
    m.ignored = "the payload is not an object";
    return m;
  }
  Json billing = body.contains("billing") ? body["billing"] : Json::object();
  std::string email = lower(str(billing, "email"));
  if (email.empty()) email = lower(str(body, "email"));
  Json ident = {{"email", email}};
  Json props = Json::object();
  std::string type;
  if (topic == "order.created" || topic == "order.updated") {
    std::string status = str(body, "status");
    if (topic == "order.created") type = "Order Completed";
    else if (status == "processing") type = "Order Paid";
    else if (status == "completed") type = "Order Shipped";
    else if (status == "refunded") type = "Order Refunded";
    else type = "Order Updated";
    put(props, "order_id", str(body, "id"));
    put(props, "order_number", str(body, "number"));
    put(props, "total", money(body, "total"));
    put(props, "currency", str(body, "currency"));
    put(props, "status", status);
    put(ident, "first_name", str(billing, "first_name"));
    put(ident, "last_name", str(billing, "last_name"));
    std::string phone = str(billing, "phone");
    if (!phone.empty()) ident["phone"] = phone;
  } else if (topic == "customer.created") {
    type = "Signed Up";
    put(ident, "first_name", str(body, "first_name"));
    put(ident, "last_name", str(body, "last_name"));
  } else {
    m.ignored = "topic " + topic + " is not mapped";
    return m;
  }
  if (email.empty()) {
    m.ignored = "the payload names no customer email";
    return m;
  }
  std::string id_base =
      "woocommerce:" + (delivery_id.empty() ? topic + ":" + str(body, "id") : delivery_id);
  emit(m, email, ident, type, std::move(props), id_base, nullptr);
  return m;
}

}  // namespace flowcast
