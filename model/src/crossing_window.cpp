// Judging a wall-clock port in the orders its latency allows (ppp/model/crossing_window.hpp).
#include "ppp/model/crossing_window.hpp"

#include <algorithm>
#include <utility>

#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::model {
namespace {

std::string describe_observation(const wire::PortMessage& m) {
    const wire::PortDecoding& decoded = m.decoded();
    switch (m.kind()) {
        case wire::PortKind::Q931: {
            const auto& q = *decoded.q931;
            return q ? wire::describe(q.value()) : "a malformed Q.931 message";
        }
        case wire::PortKind::BFrame: {
            const auto frame = decoded.frame();
            return "B" + std::to_string(m.channel) + " " + (frame ? wire::describe(frame.value()) : "malformed frame");
        }
        case wire::PortKind::Call: {
            const auto& call = *decoded.call;
            return call ? wire::describe(call.value()) : "a malformed call event";
        }
        case wire::PortKind::Ipv4: break;
    }
    return "an IPv4 datagram";
}

// `crossed` owes no answer that `arrival` does not, and `arrival` owes one that `crossed` does not.
bool frees_an_answer(const RouterSpec& arrival, const RouterSpec& crossed) {
    const std::vector<Obligation> kept = crossed.owed();
    const std::vector<Obligation> owed = arrival.owed();
    auto in = [](const std::vector<Obligation>& list, const Obligation& o) {
        return std::any_of(list.begin(), list.end(), [&o](const Obligation& x) { return x.kind == o.kind && x.channel == o.channel && x.what == o.what; });
    };
    const bool none_added = std::all_of(kept.begin(), kept.end(), [&](const Obligation& o) { return in(owed, o); });
    const bool one_freed = std::any_of(owed.begin(), owed.end(), [&](const Obligation& o) { return !in(kept, o); });
    return none_added && one_freed;
}

// Messages of one link (the D-channel, one B-channel) leave the SUT in the order it sent them.
bool same_link(const wire::PortMessage& a, const wire::PortMessage& b) {
    return a.kind() == b.kind() && a.channel == b.channel;
}

}  // namespace

Judgement CrossingWindow::on_event(RouterSpec& oracle, const wire::PortMessage& message) {
    if (window_.count() == 0) return oracle.on_event(message);
    const auto judge = [&message](RouterSpec& history) { return history.on_event(message); };
    judge_alternatives(judge);
    forget_before(message.at - window_);
    if (message.to_sut()) {
        if (stimuli_.size() == kMaxStimuli) forget_oldest(1);
        stimuli_.push_back({oracle, steps_.size(), message.at});
        steps_.push_back({message, message.at});
        // Time passing up to the stimulus can break a rule (an answer late) that another order keeps.
        Judgement judgement = oracle.on_event(message);
        if (!judgement.conforming)
            if (auto alternative = adopt_alternative(oracle)) judgement = std::move(*alternative);
        if (auto back = take_back(oracle, judgement, message.at, judge)) return std::move(*back);
        return judgement;
    }
    Judgement judgement = oracle.on_event(message);
    if (!judgement.conforming) {
        if (auto alternative = adopt_alternative(oracle)) {
            judgement = std::move(*alternative);
        } else if (auto back = take_back(oracle, judgement, message.at, judge)) {
            return std::move(*back);
        } else if (auto crossed = find_crossed(message)) {
            withheld_ = Withheld{oracle, std::move(judgement), message.at, describe_observation(message)};
            return adopt(oracle, std::move(*crossed));
        } else {
            return judgement;
        }
    }
    if (auto back = take_back(oracle, judgement, message.at, judge)) return std::move(*back);
    if (!judgement.conforming) return judgement;
    if (auto crossed = find_crossed(message); crossed && frees_an_answer(oracle, crossed->oracle)) {
        if (alternatives_.size() == kMaxAlternatives) alternatives_.pop_front();
        alternatives_.push_back({std::move(crossed->oracle), std::move(crossed->note)});
    }
    if (!stimuli_.empty()) steps_.push_back({message, message.at});
    return judgement;
}

Judgement CrossingWindow::advance_to(RouterSpec& oracle, Millis now) {
    if (window_.count() == 0) return oracle.advance_to(now);
    const auto judge = [now](RouterSpec& history) { return history.advance_to(now); };
    judge_alternatives(judge);
    if (!stimuli_.empty()) steps_.push_back({std::nullopt, now});
    Judgement judgement = oracle.advance_to(now);
    if (!judgement.conforming)
        if (auto alternative = adopt_alternative(oracle)) judgement = std::move(*alternative);
    if (auto back = take_back(oracle, judgement, now, judge)) return std::move(*back);
    return judgement;
}

template <typename Judge>
std::optional<Judgement> CrossingWindow::take_back(RouterSpec& oracle, const Judgement& judgement, Millis now, Judge judge) {
    if (!withheld_) return std::nullopt;
    if (now - withheld_->at > window_) {  // the crossed order held through its window
        withheld_.reset();
        return std::nullopt;
    }
    const bool arrival_conforms = judge(withheld_->oracle).conforming;
    if (judgement.conforming || !arrival_conforms) {
        if (!arrival_conforms) withheld_.reset();  // both orders break a rule: the crossed one stands
        return std::nullopt;
    }
    // The crossed order broke a rule the arrival order keeps: the crossing explained nothing.
    oracle = std::move(withheld_->oracle);
    Judgement taken_back = std::move(withheld_->violation);
    std::string note = "crossing given up: " + withheld_->observation + " observed at " +
                       std::to_string(withheld_->at.count()) + " ms, judged as sent before the stimulus, then breaks " +
                       judgement.explanation.substr(0, judgement.explanation.find('\n')) + "; judged in the order observed";
    notes_.push_back(note);
    taken_back.notes.push_back(std::move(note));
    withheld_.reset();
    // The remembered stimuli and alternatives belong to the crossed order given up.
    alternatives_.clear();
    stimuli_.clear();
    steps_.clear();
    return taken_back;
}

void CrossingWindow::forget_before(Millis horizon) {
    std::size_t drop = 0;
    while (drop < stimuli_.size() && stimuli_[drop].at < horizon) ++drop;
    forget_oldest(drop);
}

void CrossingWindow::forget_oldest(std::size_t drop) {
    if (drop == 0) return;
    stimuli_.erase(stimuli_.begin(), stimuli_.begin() + static_cast<std::ptrdiff_t>(drop));
    if (stimuli_.empty()) {
        steps_.clear();
        return;
    }
    const std::size_t first = stimuli_.front().step;
    steps_.erase(steps_.begin(), steps_.begin() + static_cast<std::ptrdiff_t>(first));
    for (Stimulus& s : stimuli_) s.step -= first;
}

std::optional<CrossingWindow::Crossed> CrossingWindow::find_crossed(const wire::PortMessage& observation) const {
    // The latest stimulus first: the smallest change of order that explains the observation.
    for (std::size_t k = stimuli_.size(); k-- > 0;) {
        const Stimulus& stimulus = stimuli_[k];
        // Moved before the stimulus: the observation with the SUT's earlier ones on its own link
        // since (one link delivers in the order sent: a frame the SUT sent before the observation
        // left before it, so it too was sent before the stimulus arrived), else with every
        // observation since (a burst the SUT sent before it read the stimulus), their order kept.
        bool same_link_moved_all = true;
        for (const bool with_every_link : {false, true}) {
            if (with_every_link && same_link_moved_all) continue;  // the same order as before
            std::vector<Step> order;
            std::vector<Step> after;
            for (std::size_t i = stimulus.step; i < steps_.size(); ++i) {
                const Step& step = steps_[i];
                const bool observed = step.message && !step.message->to_sut();
                const bool moves = observed && (with_every_link || same_link(*step.message, observation));
                if (observed && !moves) same_link_moved_all = false;
                (moves ? order : after).push_back(step);
            }
            order.push_back({observation, observation.at});
            for (Step& step : order) {  // sent no later than the stimulus arrived
                step.message->at = stimulus.at;
                step.at = stimulus.at;
            }
            const std::size_t crossed = order.size();
            order.insert(order.end(), after.begin(), after.end());

            RouterSpec candidate = stimulus.before;
            const bool all_conform = std::all_of(order.begin(), order.end(), [&candidate](const Step& step) {
                return (step.message ? candidate.on_event(*step.message) : candidate.advance_to(step.at)).conforming;
            });
            if (!all_conform) continue;
            std::string note = "crossing: " + describe_observation(observation) + " observed at " +
                               std::to_string(observation.at.count()) + " ms judged as sent before the stimulus at " +
                               std::to_string(stimulus.at.count()) + " ms reached the SUT (PIXIT tolerance.crossing_ms " +
                               std::to_string(window_.count()) + ")" +
                               (crossed > 1 ? ", with the " + std::to_string(crossed - 1) + " observations before it" : "");
            return Crossed{std::move(candidate), k, std::move(order), std::move(note)};
        }
    }
    return std::nullopt;
}

Judgement CrossingWindow::adopt(RouterSpec& oracle, Crossed crossed) {
    oracle = std::move(crossed.oracle);
    notes_.push_back(crossed.note);
    // The order taken is the history now; stimuli from this one on were judged in another one.
    steps_.resize(stimuli_[crossed.stimulus].step);
    steps_.insert(steps_.end(), crossed.order.begin(), crossed.order.end());
    stimuli_.erase(stimuli_.begin() + static_cast<std::ptrdiff_t>(crossed.stimulus), stimuli_.end());
    Judgement judgement;
    judgement.notes.push_back(std::move(crossed.note));
    return judgement;
}

template <typename Judge>
void CrossingWindow::judge_alternatives(Judge judge) {
    alternatives_.erase(std::remove_if(alternatives_.begin(), alternatives_.end(),
                                       [&judge](Alternative& alternative) { return !judge(alternative.oracle).conforming; }),
                        alternatives_.end());
}

std::optional<Judgement> CrossingWindow::adopt_alternative(RouterSpec& oracle) {
    if (alternatives_.empty()) return std::nullopt;
    Alternative& alternative = alternatives_.front();
    oracle = std::move(alternative.oracle);
    notes_.push_back(alternative.note);
    Judgement judgement;
    judgement.notes.push_back(std::move(alternative.note));
    // The remembered stimuli and the other alternatives belong to the order given up.
    alternatives_.clear();
    stimuli_.clear();
    steps_.clear();
    return judgement;
}

}  // namespace ppp::model
