#pragma once
// The reference-style configurations of a callback client SUT and its server peer, for the line
// bench tests (pty and serial): what the lab would render from a PIXIT, written out.
#include "ppp/adapters/bench.hpp"

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

}  // namespace ppp::adapters::test_setup
