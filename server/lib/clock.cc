// The wall clock.
#include "server/lib/clock.h"

#include <chrono>

namespace flowcast {

time::Instant SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace flowcast
