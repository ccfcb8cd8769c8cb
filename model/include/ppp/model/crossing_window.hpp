#pragma once
// The order of events at a wall-clock port (DESIGN.md section 7, PIXIT tolerance.crossing_ms).
//
// A SUT reached over a real line (a pty, a serial device) runs in its own time: a frame it sends
// can be on its way out while a stimulus of the lab is on its way in, so the order the lab sees
// (stimulus, then observation) need not be the order in which the SUT saw them. RFC 1661 plans
// for such crossings (section 4.3, FSM-07: "[x] crossed connection"; a Configure-Request
// retransmitted as its Ack arrives is one). An observation that breaks a rule within `crossing` of the stimuli before
// it is judged again as sent before them, with the SUT's earlier observations on its link since (one
// link delivers in the order sent: a frame that follows the SUT's own answer to a stimulus was sent
// after the stimulus arrived); the first order that conforms is taken, and a note says so. An observation that breaks a rule in every order the window allows is a violation as
// before. An order can also matter later: an observation that conforms in both orders but, crossed,
// frees the SUT of an answer (an Echo-Request read after the SUT's Terminate-Request is owed no
// Reply) keeps the crossed order as an alternative history; when the arrival order later breaks a
// rule (the Reply is late) and the alternative does not, the alternative is taken, with its note.
// A crossed order taken for a violation is on probation for one window: the arrival order, with the
// rule it broke, is judged beside it, and when the crossed order then breaks a rule the arrival
// order keeps, the crossing did not explain the observation: the arrival order is taken back and
// its violation reported. Virtual time delivers a stimulus before the SUT's next step: nothing
// crosses there, and the window is 0 (every event goes straight to the oracle).
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
    // Alternative histories kept at most (the latest ones); each is judged on every later event.
    static constexpr std::size_t kMaxAlternatives = 4;

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

    struct Crossed {  // `observation` judged as sent before stimulus `stimulus`
        RouterSpec oracle;
        std::size_t stimulus;
        std::vector<Step> order;  // the steps since that stimulus, in the crossed order
        std::string note;
    };
    struct Alternative {
        RouterSpec oracle;
        std::string note;
    };
    struct Withheld {  // the arrival order given up for a crossed one, and the rule it broke there
        RouterSpec oracle;
        Judgement violation;
        Millis at{0};
        std::string observation;
    };

    void forget_before(Millis horizon);
    void forget_oldest(std::size_t count);
    // `observation` (already judged in arrival order) judged as sent before stimulus `k` (alone,
    // or with every observation since), latest stimulus first: the first conforming order.
    std::optional<Crossed> find_crossed(const wire::PortMessage& observation) const;
    // Makes a crossed order the history.
    Judgement adopt(RouterSpec& oracle, Crossed crossed);
    // Judges the alternatives with `judge`, dropping those that break a rule.
    template <typename Judge> void judge_alternatives(Judge judge);
    // Takes the oldest alternative as the history, when there is one.
    std::optional<Judgement> adopt_alternative(RouterSpec& oracle);
    // Judges the withheld arrival order with `judge`; when the history's `judgement` breaks a rule
    // the arrival order keeps, takes the arrival order back and returns its own violation.
    template <typename Judge>
    std::optional<Judgement> take_back(RouterSpec& oracle, const Judgement& judgement, Millis now, Judge judge);

    Millis window_;
    std::deque<Stimulus> stimuli_;
    std::vector<Step> steps_;  // since the oldest remembered stimulus
    std::deque<Alternative> alternatives_;
    std::optional<Withheld> withheld_;
    std::vector<std::string> notes_;
};

}  // namespace ppp::model
