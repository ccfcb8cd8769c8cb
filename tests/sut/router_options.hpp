#pragma once
// The two routers of the callback scenario (DESIGN.md section 1) as the sut tests set them up.
#include "ppp/sut/router.hpp"

namespace ppp::sut::test {

inline RouterOptions r1_options() {  // callback server, directory number 5557777
    RouterOptions o;
    o.hostname = "R1";
    o.directory_number = "5557777";
    return o;
}

inline RouterOptions r2_options() {  // callback client, directory number 5558888
    RouterOptions o;
    o.hostname = "R2";
    o.directory_number = "5558888";
    return o;
}

}  // namespace ppp::sut::test
