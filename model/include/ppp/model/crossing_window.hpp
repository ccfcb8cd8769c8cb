#pragma once
// The order of events at a wall-clock port (DESIGN.md section 7, PIXIT tolerance.crossing_ms).
//
// A SUT reached over a real line (a pty, a serial device) runs in its own time: a frame it sends
// can be on its way out while a stimulus of the lab is on its way in, so the order the lab sees
// (stimulus, then observation) need not be the order in which the SUT saw them. RFC 1661 plans
// for such crossings (section 4.3, FSM-07: "[x] crossed connection"; a Configure-Request
// retransmitted as its Ack arrives is one). An observation that breaks a rule within `crossing` of the stimuli before
// it is judged again as sent before them; the first order that conforms is taken, and a note says
// so. An observation that breaks a rule in every order the window allows is a violation as
// before. Virtual time delivers a stimulus before the SUT's next step: nothing crosses there, and
// the window is 0 (every event goes straight to the oracle).
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ppp/model/router_spec.hpp"
#include "ppp/wire/port.hpp"

namespace ppp::model {

class CrossingWindow {
public:
    explicit CrossingWindow(Millis window) : window_(window) {}

    // In place of oracle.on_event(message) and oracle.advance_to(now).
    Judgement on_event(RouterSpec& oracle, const wire::PortMessage& message);
    Judgement advance_to(RouterSpec& oracle, Millis now);

    // One line per observation judged in the crossed order ("crossing: ...").
    const std::vector<std::string>& notes() const { return notes_; }

    // Stimuli remembered at most (the latest ones within the window): bounds the work of a
    // re-judgement and the oracle copies kept.
    static constexpr std::size_t kMaxStimuli = 8;

private:
    struct Step {  // a message judged, or a quiescence check (advance_to) when `message` is empty
        std::optional<wire::PortMessage> message;
        Millis at{0};
    };
    struct Stimulus {
        RouterSpec before;  // the oracle just before the stimulus was judged
        std::size_t step;   // its index in steps_
        Millis at{0};
    };

    void forget_before(Millis horizon);
    void forget_oldest(std::size_t count);
    // Judges `observation` as sent before stimulus `k` (alone, or with every observation since),
    // and takes the first conforming order; false when none conforms.
    bool judge_crossed(RouterSpec& oracle, const wire::PortMessage& observation);

    Millis window_;
    std::deque<Stimulus> stimuli_;
    std::vector<Step> steps_;  // since the oldest remembered stimulus
    std::vector<std::string> notes_;
};

}  // namespace ppp::model
