// The line bench (see line_bench.hpp): the SUT at the far end of an asynchronous line, the lab's
// environment at the harness end through a terminal adapter (its peer router answers the call the
// adapter places when the line comes up), wall-clock time.
#include "line_bench.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <utility>
#include <vector>

#include "line_link.hpp"
#include "ppp/adapters/environment.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"

namespace ppp::adapters {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

class LineBench final : public Bench {
public:
    LineBench(LineBenchOptions options, std::unique_ptr<LineEndpoint> endpoint)
        : options_(std::move(options)), endpoint_(std::move(endpoint)) {}
    ~LineBench() override {
        end_session();
        if (options_.work_dir.empty() && !base_dir_.empty()) {  // our own temp dir: no evidence kept
            std::error_code ignored;
            fs::remove_all(base_dir_, ignored);
        }
    }

    SutIdentity identify() const override { return options_.identity; }

    std::string reset(const BenchSetup& setup) override {
        end_session();
        setup_ = setup;
        failure_.clear();
        if (auto error = environment().reset(setup); !error.empty()) return error;
        if (auto error = make_case_dir(); !error.empty()) return error;
        if (auto error = endpoint_->prepare(setup, case_dir_); !error.empty()) return error;
        // The environment's frames for the line come through the terminal adapter; a call it
        // sees cleared ends the session of a line that shows no hang-up.
        Environment::LineHooks hooks;
        hooks.to_line = [this](const wire::Bytes& frame) {
            deliver(PortMessage::b_frame(now(), wire::Direction::ToSut, 1, frame));
        };
        hooks.hang_up = [this] { call_cleared_ = true; };
        environment().plug_line(std::move(hooks));
        call_cleared_ = false;
        terminating_since_.reset();
        closing_.reset();
        codec_ = AsyncLineCodec();
        started_ = false;
        line_closed_at_.reset();
        jumped_ = Millis{0};
        scheduled_.clear();
        held_.clear();
        awaiting_answer_.reset();
        from_sut_.close();
        to_sut_.close();
        return "";
    }

    void set_port_tap(PortTap tap) override { tap_ = std::move(tap); }
    void set_traffic_tap(TrafficTap) override {}  // a line has no LAN side the harness reaches

    // A DTR drop or a stop request (capabilities().line_drop); the terminal adapter then clears
    // its call when the line goes.
    void drop_line() override {
        if (started_) endpoint_->hang_up();
    }
    void inject(const PortMessage& stimulus) override {
        deliver(PortMessage::b_frame(now(), wire::Direction::ToSut, 1, stimulus.bytes()));
    }

    Millis now() const override {
        if (!started_) return Millis{0};
        return std::chrono::duration_cast<Millis>(Clock::now() - origin_) + jumped_;
    }
    std::optional<Millis> next_event() const override {
        std::optional<Millis> next = started_ ? environment().next_event() : std::nullopt;
        for (const auto& s : scheduled_) next = next ? std::min(*next, s.first) : s.first;
        if (awaiting_answer_) next = next ? std::min(*next, awaiting_answer_->until) : awaiting_answer_->until;
        if (terminating_since_ && !line_closed_at_) {
            const Millis end = *terminating_since_ + kTerminateGrace;
            next = next ? std::min(*next, end) : end;
        }
        return next;
    }

    bool run_until(Millis until) override {
        if (!failure_.empty()) return true;
        if (!started_ && !start_session()) return true;
        stop_soon_ = false;
        while (failure_.empty()) {
            const Millis t = now();
            fire_due(t);
            if (t >= until || std::exchange(stop_soon_, false)) break;
            if (line_closed_at_) {
                // Nothing can come from a line that is down: time jumps (timers still fire).
                const auto next = next_event();
                jumped_ += (next && *next > t && *next < until ? *next : until) - t;
                continue;
            }
            Millis wait = until - t;
            if (const auto next = next_event()) wait = std::min(wait, std::max(Millis{0}, *next - t));
            pollfd p{endpoint_->fd(), POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(wait.count(), 50)));
            if (ready > 0) read_line();
            if (line_closed_at_) continue;
            if (const std::string why = endpoint_->gone(); !why.empty()) {
                read_line();  // the last octets, then the end of the line
                close_line(why);
            }
        }
        return true;
    }

    void stop_soon() override {
        stop_soon_ = true;
        environment().stop_soon();
    }

    std::vector<LogLine> logs() const override { return endpoint_->logs(now()); }
    void release() override { end_session(); }

    Capabilities capabilities() const override {
        Capabilities c;
        c.channels = Capabilities::Channels::AsyncLine;
        c.call_control = Capabilities::CallControl::None;  // the line is up from the start
        c.time = Capabilities::Time::WallClock;
        c.lan_traffic = false;
        c.line_drop = endpoint_->can_hang_up();
        c.configures_sut = endpoint_->configures_sut();
        return c;
    }
    Millis settle() const override { return options_.settle; }
    std::string failure() const override { return failure_; }
    std::string summary() const override { return endpoint_->summary(started_); }

private:
    std::string make_case_dir() {
        std::error_code ec;
        if (base_dir_.empty()) {
            if (!options_.work_dir.empty()) {
                base_dir_ = options_.work_dir;
            } else {
                const char* tmp = std::getenv("TMPDIR");
                // mkdtemp replaces the trailing XXXXXX with a unique name.
                std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/ppp-line-XXXXXX";
                std::vector<char> buffer(pattern.begin(), pattern.end());
                buffer.push_back('\0');
                if (::mkdtemp(buffer.data()) == nullptr) return std::string("line bench: mkdtemp failed: ") + std::strerror(errno);
                base_dir_ = buffer.data();
            }
            fs::create_directories(base_dir_, ec);
            if (ec) return "line bench: cannot create " + base_dir_.string() + ": " + ec.message();
        }
        // One directory per case, so cases can run side by side (PEERS.md section 1), named after
        // the purpose (only letters, digits, '.', '_' and '-' of it: a path component).
        std::string label = setup_.case_label.empty() ? std::string("case") : setup_.case_label;
        for (char& c : label)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
        if (label.size() > 64) label.resize(64);
        int& count = case_counts_[label];
        do {
            case_dir_ = base_dir_ / (label + "-" + std::to_string(++count));
        } while (fs::exists(case_dir_));
        fs::create_directories(case_dir_, ec);
        if (ec) return "line bench: cannot create " + case_dir_.string() + ": " + ec.message();
        return "";
    }

    bool start_session() {
        if (auto error = endpoint_->open(); !error.empty()) {
            failure_ = error;
            return false;
        }
        // Evidence: the raw byte stream both ways (octets as they crossed the line).
        from_sut_.open(case_dir_ / "line-from-sut.bin", std::ios::binary | std::ios::trunc);
        to_sut_.open(case_dir_ / "line-to-sut.bin", std::ios::binary | std::ios::trunc);
        if (!endpoint_->wait_for_first_octet()) {
            begin(nullptr, 0);
            return true;
        }
        // Time 0 is the SUT's first octet: the boot of a daemon's machine is not the SUT's time.
        const auto deadline = Clock::now() + endpoint_->first_octet_timeout();
        std::uint8_t buffer[4096];
        while (true) {
            pollfd p{endpoint_->fd(), POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) {
                const ssize_t n = ::read(endpoint_->fd(), buffer, sizeof buffer);
                if (n > 0) {
                    begin(buffer, static_cast<std::size_t>(n));
                    return true;
                }
            }
            if (const std::string why = endpoint_->gone(); !why.empty()) {
                failure_ = why + " before " + endpoint_->describe() + " sent anything" + endpoint_->evidence();
                return false;
            }
            if (Clock::now() >= deadline) {
                failure_ = endpoint_->no_first_octet(endpoint_->first_octet_timeout()) + endpoint_->evidence();
                return false;
            }
        }
    }

    // Time 0: the line is up; its terminal adapter dials the environment's peer (which starts
    // LCP once the call is through-connected, ISDN-07).
    void begin(const std::uint8_t* first, std::size_t size) {
        origin_ = Clock::now();
        started_ = true;
        environment().line_up();
        if (size > 0) take_octets(first, size);
    }

    void read_line() {
        std::uint8_t buffer[4096];
        while (endpoint_->fd() >= 0) {
            const ssize_t n = ::read(endpoint_->fd(), buffer, sizeof buffer);
            if (n > 0) {
                take_octets(buffer, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n == 0 || (n < 0 && errno == EIO)) close_line("the line closed");  // no far end left
            return;
        }
    }

    void take_octets(const std::uint8_t* data, std::size_t size) {
        from_sut_.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        codec_.feed(data, size);
        while (auto frame = codec_.next_frame()) {
            PortMessage m = PortMessage::b_frame(now(), wire::Direction::FromSut, 1, std::move(*frame));
            // Observations are never changed by the lab; a Drop keeps one from the peer (the
            // peer refusing a protocol is the lab's Protocol-Reject instead).
            const TapDecision d = tap_ ? tap_(m) : TapDecision{};
            note_answer(m);
            if (closing_ && is_lcp(m, wire::LcpCode::TermAck)) closing_->acked = true;
            if (d.kind != TapDecision::Kind::Drop) {
                environment().run_until(m.at);
                environment().line_frame(m.bytes());
            }
            if (session_over()) return;
        }
    }

    // A line that cannot show a hang-up ends the case's session when its LCP terminates (the
    // Terminate exchange, RFC 1661 section 3.7, PH-04); the SUT's next Configure-Requests are its
    // next call (kept in the raw byte stream, not judged here).
    // The peer's answer to what ended it (its Terminate-Ack) crosses the network first: the line
    // stays up kTerminateGrace for it.
    static constexpr Millis kTerminateGrace{20};
    bool session_over() {
        if (line_closed_at_ || closing_ || endpoint_->shows_hang_up()) return false;
        if (!terminating_since_ && environment().peer_link_terminating()) terminating_since_ = now();
        if (terminating_since_ && now() >= *terminating_since_ + kTerminateGrace) {
            close_line("the session ended (LCP terminated) on a line that shows no hang-up", true);
        } else if (call_cleared_) {
            close_line("the session ended (the call to the peer was cleared) on a line that shows no hang-up", true);
        } else {
            return false;
        }
        return true;
    }

    // A stimulus waits while a Configure-Request of the peer is unanswered, or after an
    // authentication failure the peer reported until the SUT reacts (at most kAnswerWait): on a
    // real line the SUT's answer and the peer's next frames would otherwise cross (both sides
    // terminating after a CHAP Failure, RFC 1994 section 4.2), and the lab sees every frame in
    // one order (a slower peer is legal; RFC 1661 sets no minimum pace).
    static constexpr Millis kAnswerWait{500};
    struct Awaiting {
        std::optional<std::uint8_t> conf_req_id;  // the answer to this Configure-Request; else any frame
        Millis until{0};
    };
    void deliver(PortMessage m) {
        if (awaiting_answer_ || !held_.empty()) {
            held_.push_back(std::move(m));
            return;
        }
        send_now(std::move(m));
    }
    void release_held() {
        while (!awaiting_answer_ && !held_.empty()) {
            PortMessage m = std::move(held_.front());
            held_.pop_front();
            m.at = now();
            send_now(std::move(m));
        }
    }
    void note_answer(const PortMessage& observed) {
        if (!awaiting_answer_) return;
        if (!awaiting_answer_->conf_req_id) {
            // The SUT reacted to the failure by terminating itself: the peer's own held
            // Terminate-Request would only cross it (RFC 1661 section 3.7: the SUT's request is
            // acknowledged, which ends the link for both); it is not sent.
            if (is_lcp(observed, wire::LcpCode::TermReq)) {
                held_.erase(std::remove_if(held_.begin(), held_.end(),
                                           [](const PortMessage& m) { return is_lcp(m, wire::LcpCode::TermReq); }),
                            held_.end());
            }
            awaiting_answer_.reset();
            release_held();
            return;
        }
        const auto* lcp = observed.decoded().packet<wire::LcpPacket>();
        if (lcp == nullptr || lcp->identifier != *awaiting_answer_->conf_req_id) return;
        if (lcp->kind() == wire::LcpCode::ConfAck || lcp->kind() == wire::LcpCode::ConfNak ||
            lcp->kind() == wire::LcpCode::ConfRej) {
            awaiting_answer_.reset();
            release_held();
        }
    }

    // A stimulus: through the lab's tap, then octet-stuffed onto the line. Once the line is down
    // nothing reaches the SUT, and the lab is not told of a frame that was never sent.
    void send_now(PortMessage m) {
        if (line_closed_at_) return;
        TapDecision d;
        if (tap_) d = tap_(m);
        if (d.kind == TapDecision::Kind::Drop) return;
        if (d.kind == TapDecision::Kind::Delay) {
            scheduled_.emplace_back(now() + d.delay, std::move(m));
            return;
        }
        write_frame(m.bytes());
        if (const auto* lcp = m.decoded().packet<wire::LcpPacket>(); lcp && lcp->kind() == wire::LcpCode::ConfReq) {
            awaiting_answer_ = Awaiting{lcp->identifier, now() + kAnswerWait};
        } else if (reports_auth_failure(m)) {
            awaiting_answer_ = Awaiting{std::nullopt, now() + kAnswerWait};
        }
    }
    // A CHAP Failure (RFC 1994 code 4) or PAP Authenticate-Nak (RFC 1334 code 3).
    static bool reports_auth_failure(const PortMessage& m) {
        if (const auto* chap = m.decoded().packet<wire::ChapPacket>()) return chap->code == 4;
        if (const auto* pap = m.decoded().packet<wire::PapPacket>()) return pap->code == 3;
        return false;
    }
    static bool is_lcp(const PortMessage& m, wire::LcpCode code) {
        const auto* lcp = m.decoded().packet<wire::LcpPacket>();
        return lcp != nullptr && lcp->kind() == code;
    }

    void write_frame(const wire::Bytes& frame) {
        if (line_closed_at_ || endpoint_->fd() < 0) return;
        const wire::Bytes octets = codec_.encode(frame);
        to_sut_.write(reinterpret_cast<const char*>(octets.data()), static_cast<std::streamsize>(octets.size()));
        std::size_t done = 0;
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (done < octets.size() && Clock::now() < deadline) {
            const ssize_t n = ::write(endpoint_->fd(), octets.data() + done, octets.size() - done);
            if (n > 0) {
                done += static_cast<std::size_t>(n);
            } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                pollfd p{endpoint_->fd(), POLLOUT, 0};
                ::poll(&p, 1, 20);
            } else {
                return;
            }
        }
        if (done < octets.size()) {
            failure_ = endpoint_->describe() + " stopped reading its line (a frame stayed unwritten for 2 s)";
        }
    }

    void fire_due(Millis t) {
        if (awaiting_answer_ && awaiting_answer_->until <= t) {
            awaiting_answer_.reset();  // no answer: the SUT dropped it (bad FCS) or never will
            release_held();
        }
        for (auto it = scheduled_.begin(); it != scheduled_.end();) {
            if (it->first <= t) {
                const wire::Bytes frame = it->second.take_bytes();
                it = scheduled_.erase(it);
                write_frame(frame);  // already through the tap
            } else {
                ++it;
            }
        }
        if (started_) {
            if (const auto due = environment().next_event(); due && *due <= t) {
                if (!environment().run_until(t)) failure_ = "the environment exceeded its step bound: livelock";
            }
            session_over();
        }
    }

    // `ended_by_sut`: the SUT's session ended as sessions end; else the far end's state decides
    // whether the line going is an error.
    void close_line(const std::string& why, bool ended_by_sut = false) {
        if (line_closed_at_) return;
        line_closed_at_ = now();
        environment().run_until(*line_closed_at_);
        environment().line_down();
        if (ended_by_sut) return;
        if (std::string failure = endpoint_->failure_on_close(why); !failure.empty()) failure_ = std::move(failure);
    }

    void end_session() {
        if (started_ && !line_closed_at_ && !endpoint_->can_hang_up()) orderly_close();
        endpoint_->close(started_);
        started_ = false;
        from_sut_.close();
        to_sut_.close();
    }

    // A line the harness cannot hang up ends with a Terminate-Request of the harness's own (RFC
    // 1661 Close, section 3.7), so the SUT starts the next case from its initial state rather
    // than in the middle of this one. Sent three times 2 s apart at most, until the SUT acks or
    // the line goes; the plan is over, so nothing of it is judged.
    void orderly_close() {
        tap_ = nullptr;
        held_.clear();
        awaiting_answer_.reset();
        closing_ = Closing{};
        wire::LcpPacket request;
        request.code = static_cast<std::uint8_t>(wire::LcpCode::TermReq);
        request.identifier = 0xE0;
        const wire::Bytes frame = wire::sync_encode(wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(request)));
        for (int sent = 0; sent < 3 && !closing_->acked && !line_closed_at_ && endpoint_->fd() >= 0; ++sent) {
            write_frame(frame);
            const auto limit = Clock::now() + std::chrono::seconds(2);
            while (!closing_->acked && !line_closed_at_ && endpoint_->fd() >= 0 && Clock::now() < limit) {
                pollfd p{endpoint_->fd(), POLLIN, 0};
                if (::poll(&p, 1, 20) > 0) read_line();
            }
        }
    }

    LineBenchOptions options_;
    std::unique_ptr<LineEndpoint> endpoint_;
    BenchSetup setup_;
    fs::path base_dir_;
    fs::path case_dir_;
    std::map<std::string, int> case_counts_;  // per label: its plans' folders
    bool call_cleared_ = false;  // the terminal adapter's call was cleared under the line
    std::optional<Millis> terminating_since_;  // the peer's LCP began to terminate
    struct Closing {
        bool acked = false;
    };
    std::optional<Closing> closing_;  // the harness's own Terminate-Request after the plan
    PortTap tap_;
    AsyncLineCodec codec_;
    bool started_ = false;
    bool stop_soon_ = false;  // the lab has a re-delivery due before `until`
    Clock::time_point origin_{};
    Millis jumped_{0};
    std::optional<Millis> line_closed_at_;
    std::vector<std::pair<Millis, PortMessage>> scheduled_;
    std::deque<PortMessage> held_;                                  // stimuli waiting for an answer
    std::optional<Awaiting> awaiting_answer_;
    std::ofstream from_sut_;
    std::ofstream to_sut_;
    std::string failure_;
};

}  // namespace

std::unique_ptr<Bench> make_line_bench(LineBenchOptions options, std::unique_ptr<LineEndpoint> endpoint) {
    return std::make_unique<LineBench>(std::move(options), std::move(endpoint));
}

}  // namespace ppp::adapters
