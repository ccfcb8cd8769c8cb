// The attachment's binding to the lab's environment (see bench.hpp).
#include "ppp/adapters/bench.hpp"

#include "ppp/adapters/environment.hpp"

namespace ppp::adapters {

Bench::Bench() = default;
Bench::~Bench() = default;

void Bench::stop_soon() { environment().stop_soon(); }

Environment& Bench::environment() const {
    if (environment_ == nullptr) {
        own_environment_ = std::make_unique<Environment>();
        environment_ = own_environment_.get();
    }
    return *environment_;
}

}  // namespace ppp::adapters
