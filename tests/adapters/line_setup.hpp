#pragma once
// The reference-style configurations of a callback client SUT and its server peer, for the line
// bench tests (pty and serial): what the lab would render from a PIXIT, written out.
#include <memory>
#include <utility>

#include "ppp/adapters/bench.hpp"
#include "ppp/adapters/environment.hpp"

namespace ppp::adapters::test_setup {

inline const char* const kClient =
    "username R1 password CCIE\n"
    "interface BRI0\n"
    " ip address 192.0.2.2 255.255.255.0\n"
    " encapsulation ppp\n"
    " ppp callback request\n"
    " ppp authentication chap\n";
inline const char* const kServer =
    "username R2 password CCIE\n"
    "interface BRI0\n"
    " ip address 192.0.2.1 255.255.255.0\n"
    " encapsulation ppp\n"
    " ppp callback accept\n"
    " ppp authentication chap\n";

inline BenchSetup client_setup() {
    BenchSetup s;
    s.sut_config = kClient;
    s.peer_config = kServer;
    s.sut_name = "R2";
    s.peer_name = "R1";
    s.sut_number = "5558888";
    s.peer_number = "5557777";
    return s;
}

// An attachment bound to an environment of its own, as the lab binds one (environment first, so
// it outlives the attachment).
struct Attached {
    explicit Attached(std::unique_ptr<Bench> b) : environment(std::make_unique<Environment>()), bench(std::move(b)) {
        bench->attach(*environment);
    }
    Bench* operator->() const { return bench.get(); }
    std::unique_ptr<Environment> environment;
    std::unique_ptr<Bench> bench;
};

}  // namespace ppp::adapters::test_setup
