// Mutant schemata support: see ppp/sut/mutation.hpp (why a scoped thread-local, not a global).
#include "ppp/sut/mutation.hpp"

namespace ppp::sut::mutation {
namespace {
thread_local int t_active = kNone;
thread_local std::vector<std::uint8_t> t_reached;
}  // namespace

std::vector<std::uint8_t>& reached() { return t_reached; }

Scope::Scope(int mutant) noexcept : saved_(t_active) { t_active = mutant; }
Scope::~Scope() { t_active = saved_; }

bool hit(int id) noexcept {
    if (t_active == id) return true;
    if (t_active == kRecord) {
        const auto index = static_cast<std::size_t>(id);
        if (index >= t_reached.size()) t_reached.resize(index + 1, 0);
        t_reached[index] = 1;
    }
    return false;
}

}  // namespace ppp::sut::mutation
