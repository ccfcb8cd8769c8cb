// A router's call lines as abstract call events (check_calls.hpp).
#include "check_calls.hpp"

#include <optional>
#include <set>
#include <string>

namespace ppp::suites {
namespace rec = adapters::recording;
using rec::CallEventKind;

namespace {

// The number or name a later line gives for the call up on `channel` (IOS logs `%ISDN-6-CONNECT:
// ... connected to <number> R1` and `Callback received from R1 <number>` after the link came up),
// looked up until that call's link goes down.
struct Named {
    std::string number, name;
};
Named named_later(const std::vector<rec::Record>& records, std::size_t from, int channel) {
    Named found;
    for (std::size_t j = from + 1; j < records.size(); ++j) {
        const auto* e = std::get_if<rec::CallEvent>(&records[j].body);
        if (e == nullptr || records[j].channel != channel) continue;
        if (e->kind == CallEventKind::LinkDown || e->kind == CallEventKind::Disconnected) break;
        if (e->kind == CallEventKind::Connected || e->kind == CallEventKind::CallbackReceived) {
            if (found.number.empty()) found.number = e->number;
            if (found.name.empty()) found.name = e->name;
        }
    }
    return found;
}

bool on_b_channel(const rec::Record& r) { return r.channel == 1 || r.channel == 2; }

}  // namespace

std::vector<RecordedCall> recorded_calls(const std::vector<rec::Record>& records, SutSide sut) {
    const bool sut_recorded = sut == SutSide::Recorder;
    // The recorder's act seen from the SUT: the SUT's own when it wrote the log, else the far end's.
    const wire::Direction by_recorder = sut_recorded ? wire::Direction::FromSut : wire::Direction::ToSut;
    const wire::Direction by_other = sut_recorded ? wire::Direction::ToSut : wire::Direction::FromSut;
    std::vector<RecordedCall> out;
    bool dialling = false;       // the recorder placed a call that is not up yet
    std::set<int> up;            // B-channels with a call up
    std::set<int> hanging_up;    // B-channels whose call the recorder said it is disconnecting
    auto emit = [&](std::size_t i, wire::Direction direction, int channel, wire::CallEvent event) {
        out.push_back(RecordedCall{i, direction, channel, std::move(event)});
    };
    for (std::size_t i = 0; i < records.size(); ++i) {
        const rec::Record& r = records[i];
        const auto* e = std::get_if<rec::CallEvent>(&r.body);
        // A router's lines name their interface; pppd's (a tty, no BRI) are no call of the BRI.
        if (e == nullptr || r.interface.empty()) continue;
        const int channel = r.channel;
        switch (e->kind) {
            case CallEventKind::DialAttempt: {
                if (dialling) break;  // IOS repeats the line for each dial string of one attempt
                dialling = true;
                wire::CallEvent offered;
                offered.kind = wire::CallEventKind::Offered;
                // The recorder dials this number; seen from the SUT, when the SUT is the callee, the
                // calling number (the recorder's own) is not in the line.
                if (sut_recorded) offered.number = e->number;
                emit(i, by_recorder, 0, offered);
                break;
            }
            case CallEventKind::DialFailed:
                if (!dialling) break;
                dialling = false;
                emit(i, by_other, 0, wire::CallEvent{wire::CallEventKind::Cleared, "", "", e->cause});
                break;
            case CallEventKind::LinkUp: {
                if (!on_b_channel(r) || up.count(channel)) break;
                if (!dialling) {
                    // No dial of the recorder's: a call it answered. The SUT, when it is the
                    // callee, sees the calling number a later line gives; as the caller, its called
                    // number is the recorder's own, which the line does not give.
                    wire::CallEvent offered;
                    offered.kind = wire::CallEventKind::Offered;
                    if (sut_recorded) offered.number = named_later(records, i, channel).number;
                    emit(i, by_other, 0, offered);
                }
                // Answered by the callee: the far end of the recorder's call, or the recorder.
                emit(i, dialling ? by_other : by_recorder, channel, wire::CallEvent{wire::CallEventKind::Connected, "", "", {}});
                up.insert(channel);
                dialling = false;
                break;
            }
            case CallEventKind::Disconnecting:
                // IOS logs `disconnecting call` as it starts to tear the call down: an LCP
                // Terminate-Request may come first (AMB-02), the call is cleared when the link goes down.
                if (on_b_channel(r) && up.count(channel)) hanging_up.insert(channel);
                break;
            case CallEventKind::LinkDown:
            case CallEventKind::Disconnected: {
                if (!on_b_channel(r) || !up.erase(channel)) break;
                // Who cleared is not in this line: the recorder if it said it was disconnecting, else
                // taken as the far end (or the network), so that no hang-up is credited to the SUT
                // that the log does not show it making.
                const bool by_itself = hanging_up.erase(channel) > 0;
                emit(i, by_itself ? by_recorder : wire::Direction::ToSut, channel,
                     wire::CallEvent{wire::CallEventKind::Cleared, "", "", {}});
                break;
            }
            case CallEventKind::CallbackNegotiated: {
                if (!on_b_channel(r) || !up.count(channel)) break;
                wire::CallEvent agreed;
                agreed.kind = wire::CallEventKind::CallbackAgreed;
                // The name the recorder gives its peer is the user it authenticated only when the
                // recorder is the SUT; the SUT's own name is no authenticated user of its own.
                if (sut_recorded) agreed.name = named_later(records, i, channel).name;
                emit(i, by_recorder, channel, agreed);
                // `Callback negotiated - Disconnecting now`: the recorder starts its hang-up.
                if (r.text.find("isconnecting") != std::string::npos) hanging_up.insert(channel);
                break;
            }
            default: break;
        }
    }
    return out;
}

}  // namespace ppp::suites
