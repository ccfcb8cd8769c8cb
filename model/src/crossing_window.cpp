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
        case wire::PortKind::Ipv4: break;
    }
    return "an IPv4 datagram";
}

}  // namespace

Judgement CrossingWindow::on_event(RouterSpec& oracle, const wire::PortMessage& message) {
    if (window_.count() == 0) return oracle.on_event(message);
    forget_before(message.at - window_);
    if (message.to_sut()) {
        if (stimuli_.size() == kMaxStimuli) forget_oldest(1);
        stimuli_.push_back({oracle, steps_.size(), message.at});
        steps_.push_back({message, message.at});
        return oracle.on_event(message);
    }
    Judgement judgement = oracle.on_event(message);
    if (!judgement.conforming && !stimuli_.empty() && judge_crossed(oracle, message)) {
        Judgement crossed;
        crossed.notes.push_back(notes_.back());
        return crossed;
    }
    if (!stimuli_.empty()) steps_.push_back({message, message.at});
    return judgement;
}

Judgement CrossingWindow::advance_to(RouterSpec& oracle, Millis now) {
    if (!stimuli_.empty()) steps_.push_back({std::nullopt, now});
    return oracle.advance_to(now);
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

bool CrossingWindow::judge_crossed(RouterSpec& oracle, const wire::PortMessage& observation) {
    // The latest stimulus first: the smallest change of order that explains the observation.
    for (std::size_t k = stimuli_.size(); k-- > 0;) {
        const Stimulus& stimulus = stimuli_[k];
        // Moved before the stimulus: the observation alone, else with every observation since
        // (a burst the SUT sent before it read the stimulus), their own order kept.
        for (const bool with_earlier_observations : {false, true}) {
            std::vector<Step> order;
            std::vector<Step> after;
            for (std::size_t i = stimulus.step; i < steps_.size(); ++i) {
                const Step& step = steps_[i];
                const bool observed = step.message && !step.message->to_sut();
                (observed && with_earlier_observations ? order : after).push_back(step);
            }
            if (with_earlier_observations && order.empty()) continue;  // the same order as alone
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

            oracle = std::move(candidate);
            notes_.push_back("crossing: " + describe_observation(observation) + " observed at " +
                             std::to_string(observation.at.count()) + " ms judged as sent before the stimulus at " +
                             std::to_string(stimulus.at.count()) + " ms reached the SUT (PIXIT tolerance.crossing_ms " +
                             std::to_string(window_.count()) + ")" +
                             (crossed > 1 ? ", with the " + std::to_string(crossed - 1) + " observations before it" : ""));
            // The order taken is the history now; stimuli from `k` on were judged in another one.
            steps_.resize(stimulus.step);
            steps_.insert(steps_.end(), order.begin(), order.end());
            stimuli_.erase(stimuli_.begin() + static_cast<std::ptrdiff_t>(k), stimuli_.end());
            return true;
        }
    }
    return false;
}

}  // namespace ppp::model
