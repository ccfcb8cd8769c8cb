#pragma once
// The call lines of a router's transcript (`debug dialer`, `%LINK-3-UPDOWN`, `%ISDN-6-...`) as the
// abstract call events of the port (wire/call_event.hpp), seen from the SUT, for a recording that
// shows no Q.931: `check` judges them by the dialer and callback rules (#16 item 3).
#include <cstddef>
#include <vector>

#include "ppp/adapters/recording.hpp"
#include "ppp/suites/check.hpp"
#include "ppp/wire/call_event.hpp"
#include "ppp/wire/port_terms.hpp"

namespace ppp::suites {

struct RecordedCall {
    std::size_t record = 0;  // the line it was read from, as an index into the records
    wire::Direction direction = wire::Direction::ToSut;  // FromSut: the SUT acted (or reported)
    int channel = 0;
    wire::CallEvent event;
};

// In the records' order; nothing is invented: a line that gives no number leaves it empty, and a
// line that belongs to no call in progress (a second `disconnecting call`) maps to nothing.
std::vector<RecordedCall> recorded_calls(const std::vector<adapters::recording::Record>& records, SutSide sut);

}  // namespace ppp::suites
