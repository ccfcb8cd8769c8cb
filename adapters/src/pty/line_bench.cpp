// The line bench (see line_bench.hpp): the environment's reference PPP link on the harness end of
// an asynchronous line, the SUT at the far end, wall-clock time.
#include "line_bench.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <vector>

#include "line_link.hpp"
#include "ppp/sut/config.hpp"
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
        auto peer_config = sut::parse_config(setup.peer_config);
        if (!peer_config.ok()) return "peer configuration " + peer_config.error->to_string();
        peer_config_ = std::move(*peer_config.config);
        if (auto error = make_case_dir(); !error.empty()) return error;
        if (auto error = endpoint_->prepare(setup, case_dir_); !error.empty()) return error;
        peer_.reset();
        pings_.clear();
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

    // No LAN side and no call control on a line (capabilities()): the lab skips those intents,
    // and a ping asked for anyway is recorded as not done, never as sent.
    std::size_t ping(Side, int count) override {
        pings_.push_back({count, 0, 0, false});
        return pings_.size() - 1;
    }
    PingOutcome ping_outcome(std::size_t id) const override { return id < pings_.size() ? pings_[id] : PingOutcome{}; }
    bool send_non_interesting(Side, int) override { return false; }
    void fail_next_call(Side, CallFault) override {}  // no call control on a line
    void slow_connect(Side, Millis) override {}
    void drop_line(Side) override {
        if (started_) endpoint_->hang_up();
    }
    void inject(const PortMessage& stimulus) override {
        deliver(PortMessage::b_frame(now(), wire::Direction::ToSut, 1, stimulus.bytes()));
    }

    bool virtual_time() const override { return false; }
    Millis now() const override {
        if (!started_) return Millis{0};
        return std::chrono::duration_cast<Millis>(Clock::now() - origin_) + jumped_;
    }
    std::optional<Millis> next_event() const override {
        std::optional<Millis> next = peer_ ? peer_->next_deadline() : std::nullopt;
        for (const auto& s : scheduled_) next = next ? std::min(*next, s.first) : s.first;
        if (awaiting_answer_) next = next ? std::min(*next, awaiting_answer_->until) : awaiting_answer_->until;
        return next;
    }

    bool run_until(Millis until) override {
        if (!failure_.empty()) return true;
        if (!started_ && !start_session()) return true;
        while (failure_.empty()) {
            const Millis t = now();
            fire_due(t);
            if (t >= until) break;
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

    std::vector<LogLine> logs() const override { return endpoint_->logs(now()); }
    // A line, not a call: no network places or bills anything (capabilities().call_control).
    std::vector<CallView> calls() const override { return {}; }
    std::string show_dialer(Side) const override { return options_.identity.name + " on a line: no dialer\n"; }
    void release() override { end_session(); }

    bool line_up_at_start() const override { return true; }
    Capabilities capabilities() const override {
        Capabilities c;
        c.lan_traffic = false;
        c.call_control = false;
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
        // One directory per case, so cases can run side by side (PEERS.md section 1).
        do {
            case_dir_ = base_dir_ / ("case-" + std::to_string(++case_count_));
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

    void begin(const std::uint8_t* first, std::size_t size) {
        origin_ = Clock::now();
        started_ = true;
        LineLinkSetup s;
        s.client = false;  // the SUT on a line is the callback client (the caller)
        s.own_name = setup_.peer_name;
        s.peer_name = setup_.sut_name;
        s.own_number = setup_.peer_number;
        s.cbcp_offer = setup_.peer_cbcp_offer;
        s.terminate_after_cbcp = false;  // the caller terminates (AMB-12, pppd)
        s.seed = setup_.seed;
        peer_ = std::make_unique<LineLink>(peer_config_, s);
        peer_->start(Millis{0});
        flush_peer();
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
            if (peer_ && d.kind != TapDecision::Kind::Drop) {
                peer_->on_frame(m.at, m.bytes());
                flush_peer();
            }
            if (session_over()) return;
        }
    }

    // A line that cannot show a hang-up ends the case's session when its LCP terminates (the
    // Terminate exchange, RFC 1661 section 3.7, PH-04); the SUT's next Configure-Requests are its
    // next call (kept in the raw byte stream, not judged here).
    bool session_over() {
        if (line_closed_at_ || !peer_ || !peer_->terminating() || endpoint_->shows_hang_up()) return false;
        close_line("the session ended (LCP terminated) on a line that shows no hang-up", true);
        return true;
    }

    void flush_peer() {
        while (auto frame = peer_->next_frame()) {
            deliver(PortMessage::b_frame(now(), wire::Direction::ToSut, 1, std::move(*frame)));
        }
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
        if (peer_) {
            if (const auto due = peer_->next_deadline(); due && *due <= t) {
                peer_->on_timer(t);
                flush_peer();
                session_over();
            }
        }
    }

    // `ended_by_sut`: the SUT's session ended as sessions end; else the far end's state decides
    // whether the line going is an error.
    void close_line(const std::string& why, bool ended_by_sut = false) {
        if (line_closed_at_) return;
        line_closed_at_ = now();
        if (ended_by_sut) return;
        if (std::string failure = endpoint_->failure_on_close(why); !failure.empty()) failure_ = std::move(failure);
    }

    void end_session() {
        if (started_ && !line_closed_at_ && peer_ && !peer_->finished() && !endpoint_->can_hang_up()) orderly_close();
        endpoint_->close(started_);
        started_ = false;
        from_sut_.close();
        to_sut_.close();
    }

    // A line the harness cannot hang up ends with the peer's Terminate-Request (RFC 1661 Close,
    // section 3.7), so the SUT starts the next case from its initial state rather than in the
    // middle of this one; bounded by Max-Terminate x Restart.
    void orderly_close() {
        tap_ = nullptr;  // the plan is over: nothing more is judged
        peer_->close(now());
        flush_peer();
        const auto limit = Clock::now() + std::chrono::seconds(7);
        while (!peer_->finished() && !line_closed_at_ && endpoint_->fd() >= 0 && Clock::now() < limit) {
            fire_due(now());
            pollfd p{endpoint_->fd(), POLLIN, 0};
            if (::poll(&p, 1, 20) > 0) read_line();
        }
    }

    LineBenchOptions options_;
    std::unique_ptr<LineEndpoint> endpoint_;
    BenchSetup setup_;
    sut::RouterConfig peer_config_;
    fs::path base_dir_;
    fs::path case_dir_;
    int case_count_ = 0;
    std::unique_ptr<LineLink> peer_;
    PortTap tap_;
    AsyncLineCodec codec_;
    bool started_ = false;
    Clock::time_point origin_{};
    Millis jumped_{0};
    std::optional<Millis> line_closed_at_;
    std::vector<std::pair<Millis, PortMessage>> scheduled_;
    std::deque<PortMessage> held_;                                  // stimuli waiting for an answer
    std::optional<Awaiting> awaiting_answer_;
    std::vector<PingOutcome> pings_;
    std::ofstream from_sut_;
    std::ofstream to_sut_;
    std::string failure_;
};

}  // namespace

std::unique_ptr<Bench> make_line_bench(LineBenchOptions options, std::unique_ptr<LineEndpoint> endpoint) {
    return std::make_unique<LineBench>(std::move(options), std::move(endpoint));
}

}  // namespace ppp::adapters
