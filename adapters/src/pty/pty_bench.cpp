// The pty bench: a PPP daemon's runner in its own process group on a pseudo-terminal, the
// environment's reference PPP link on the harness side of the line, wall-clock time.
// Start-up and clean-up follow PEERS.md section 1: the master is opened and read before the
// runner starts, the runner gets the slave by descriptor, a stop file ends the session, SIGTERM
// then SIGKILL go to the whole process group (never to one process: no orphans), and the master
// is closed last.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "ppp/adapters/pty_bench.hpp"
#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/sut/ppp_link.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"

extern char** environ;

namespace ppp::adapters {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::string last_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line, last;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    }
    return last;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// The environment's side of the line: a reference PPP link in the server role (CHAP
// authenticator, CBCP answerer, RFC 1570 option handling) driven like the reference router
// drives its links, minus the dialer and ISDN (there is no call to place on a pty).
class PeerLink {
public:
    PeerLink(sut::RouterConfig config, const BenchSetup& setup)
        : config_(std::move(config)), log_(sut::LogOptions{}, out_), rng_(setup.seed ^ 0x5DEECE66DULL),
          link_(1, config_, faults_, knobs_, log_, out_, rng_), setup_(setup) {}

    void start(Millis now) {
        const auto& b = config_.bri;
        sut::LinkSetup s;
        s.hostname = setup_.peer_name;
        s.outgoing = false;  // the daemon's side opened the line: the SUT is the caller
        s.accept_callback = b.callback_accept;
        s.authenticate_peer = b.authentication;
        if (auto secret = config_.secret(setup_.sut_name)) s.pap_password = *secret;
        s.local_ip = b.ip_address;
        if (const sut::DialerMap* m = config_.map_for_name(setup_.sut_name)) s.peer_ip_hint = m->next_hop;
        s.own_number = setup_.peer_number;
        link_.start(now, s);
        pump(now);
    }
    void on_frame(Millis now, const wire::Bytes& frame) {
        link_.on_frame(now, frame);
        pump(now);
    }
    void on_timer(Millis now) {
        link_.on_timer(now);
        pump(now);
    }
    std::optional<Millis> next_deadline() const { return link_.next_deadline(); }
    // Frames the link wants on the line (synchronous shape, FCS-16 attached).
    std::optional<wire::Bytes> next_frame() {
        while (!out_.empty()) {
            sut::Action a = std::move(out_.front());
            out_.pop_front();
            if (auto* f = std::get_if<sut::SendFrame>(&a)) return std::move(f->frame);
        }
        return std::nullopt;
    }
    bool finished() const { return finished_; }

private:
    // What the reference router does on link events (sut/src/router.cpp on_auth_done), for a
    // line with no dialer: CBCP when op 6 was agreed, else the network phase.
    void pump(Millis now) {
        while (auto e = link_.poll_event()) {
            using K = sut::LinkEvent::Kind;
            switch (e->kind) {
                case K::AuthDone:
                    if (link_.callback_agreed_as_server() && link_.agreed_callback_op() == 6) {
                        link_.start_cbcp_server(now, cbcp_offer());  // CB-08, CBCP-02
                    } else if (link_.callback_agreed_as_server()) {
                        link_.close(now);  // RFC 1570 ops: the callback would follow; none here
                    } else {
                        link_.start_network(now);
                    }
                    break;
                case K::CbcpNone: link_.start_network(now); break;  // CBCP-06: type 1
                case K::Finished: finished_ = true; break;
                default: break;  // CbcpAgreed: the caller terminates (AMB-12, pppd)
            }
        }
    }
    std::vector<std::uint8_t> cbcp_offer() const {
        if (!setup_.peer_cbcp_offer.empty()) return setup_.peer_cbcp_offer;
        // As the reference router: the user's own number, the configured number for a
        // callback user, no callback unless callback-secure.
        std::vector<std::uint8_t> types{2};
        const sut::DialerMap* m = config_.map_for_name(setup_.sut_name);
        const sut::MapClass* mc = m && !m->map_class.empty() ? config_.find_class(m->map_class) : nullptr;
        if (mc && mc->callback_server != sut::CallbackServerMode::None && !m->number.empty()) types.push_back(3);
        if (!config_.bri.callback_secure) types.push_back(1);
        return types;
    }

    sut::RouterConfig config_;
    sut::Faults faults_;
    sut::PppKnobs knobs_;
    std::deque<sut::Action> out_;
    sut::Logger log_;
    sut::Rng rng_;
    sut::PppLink link_;
    BenchSetup setup_;
    bool finished_ = false;
};

// The daemon's runner: posix_spawn in a new process group, the pty slave inherited.
class Runner {
public:
    ~Runner() { stop(Millis{0}); }

    // Opens the pty and starts `argv`; "" or why not.
    std::string start(const std::vector<std::string>& argv_template, const fs::path& case_dir) {
        int master = -1, slave = -1;
        if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
            return std::string("openpty failed: ") + std::strerror(errno);
        }
        termios raw{};
        if (::tcgetattr(slave, &raw) == 0) {
            ::cfmakeraw(&raw);
            ::tcsetattr(slave, TCSANOW, &raw);
        }
        exited_ = false;
        status_ = 0;
        ::fcntl(master, F_SETFD, FD_CLOEXEC);
        ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
        master_ = master;
        const char* slave_name = ::ptsname(master);
        std::vector<std::string> args;
        for (const auto& a : argv_template) {
            std::string arg = replace_all(replace_all(a, "{tty_fd}", std::to_string(slave)), "{case_dir}", case_dir.string());
            args.push_back(replace_all(arg, "{tty}", slave_name != nullptr ? slave_name : ""));
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        const std::string console = (case_dir / "console.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, console.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        posix_spawnattr_init(&attr);
        posix_spawnattr_setpgroup(&attr, 0);  // its own group: one signal reaches every helper
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGTERM);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
        pid_t pid = -1;
        const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        ::close(slave);  // the runner holds it now; the master sees EIO once every holder is gone
        if (rc != 0) {
            close_master();
            return "cannot start `" + args.front() + "`: " + std::strerror(rc);
        }
        pid_ = pid;
        return "";
    }

    int master() const { return master_; }
    bool running() const { return pid_ > 0 && !exited_; }
    bool started() const { return pid_ > 0; }
    std::optional<int> runner_status() const { return exited_ ? std::optional<int>(status_) : std::nullopt; }

    // Reaps the runner if it has exited (never blocks).
    void poll_exit() {
        if (pid_ <= 0 || exited_) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
    }

    // Ends the runner: waits `grace` for it to leave by itself (after a stop request), then
    // SIGTERM to the group (timeout and linux.uml power the guest off), then SIGKILL to the
    // group; waits until no member of the group is left; closes the master last.
    void stop(Millis grace) {
        if (pid_ > 0) {
            wait_exit(grace);
            if (!exited_) {
                ::kill(-pid_, SIGTERM);
                wait_exit(Millis{3000});
            }
            if (!exited_) {
                ::kill(-pid_, SIGKILL);
                wait_exit(Millis{3000});
            }
            // Helpers of the runner (UML's) may outlive it for a moment: the group must empty.
            const auto deadline = Clock::now() + std::chrono::seconds(3);
            while (::kill(-pid_, 0) == 0 && Clock::now() < deadline) {
                ::kill(-pid_, SIGKILL);
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            pid_ = -1;
        }
        close_master();
    }

private:
    void wait_exit(Millis limit) {
        const auto deadline = Clock::now() + limit;
        while (true) {
            poll_exit();
            if (exited_ || Clock::now() >= deadline) return;
            drain();  // a writer blocked on a full pty would never exit
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    void drain() {
        if (master_ < 0) return;
        std::uint8_t buffer[4096];
        while (::read(master_, buffer, sizeof buffer) > 0) {
        }
    }
    void close_master() {
        if (master_ >= 0) ::close(master_);
        master_ = -1;
    }

    pid_t pid_ = -1;
    int master_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

class PtyBench final : public Bench {
public:
    explicit PtyBench(PtyBenchOptions options) : options_(std::move(options)) {}
    ~PtyBench() override {
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
        if (options_.command.empty()) return "pty bench: the daemon's command is empty";
        if (auto error = make_case_dir(); !error.empty()) return error;
        if (options_.prepare) {
            if (auto error = options_.prepare(setup, case_dir_); !error.empty()) return error;
        }
        peer_.reset();
        pings_.clear();
        deframer_ = wire::AsyncDeframer();
        tx_accm_ = wire::kDefaultAsyncAccm;
        started_ = false;
        line_closed_at_.reset();
        jumped_ = Millis{0};
        scheduled_.clear();
        held_.clear();
        awaiting_answer_.reset();
        return "";
    }

    void set_port_tap(PortTap tap) override { tap_ = std::move(tap); }
    void set_traffic_tap(TrafficTap) override {}  // a pty has no LAN side the harness reaches

    // No LAN side and no call control on a pty (capabilities()): the lab skips those intents, and
    // a ping asked for anyway is recorded as not done, never as sent.
    std::size_t ping(Side, int count) override {
        pings_.push_back({count, 0, 0, false});
        return pings_.size() - 1;
    }
    PingOutcome ping_outcome(std::size_t id) const override { return id < pings_.size() ? pings_[id] : PingOutcome{}; }
    bool send_non_interesting(Side, int) override { return false; }
    void fail_next_call(Side, CallFault) override {}  // no call control on a pty
    void slow_connect(Side, Millis) override {}
    // Call clear: the daemon's session ends (the runner signals it inside its machine).
    void drop_line(Side) override {
        if (started_) std::ofstream(case_dir_ / "stop").put('\n');
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
        if (awaiting_answer_) next = next ? std::min(*next, awaiting_answer_->second) : awaiting_answer_->second;
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
                // Nothing can come from a daemon that is gone: time jumps (timers still fire).
                const auto next = next_event();
                jumped_ += (next && *next > t && *next < until ? *next : until) - t;
                continue;
            }
            Millis wait = until - t;
            if (const auto next = next_event()) wait = std::min(wait, std::max(Millis{0}, *next - t));
            pollfd p{runner_.master(), POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(wait.count(), 50)));
            if (ready > 0) read_line();
            runner_.poll_exit();
            if (!runner_.running() && !line_closed_at_) read_line();  // last octets, then EIO
            if (!runner_.running()) close_line("the daemon's runner exited");
        }
        return true;
    }

    std::vector<LogLine> logs() const override {
        std::vector<LogLine> out;
        std::ifstream in(case_dir_ / options_.log_file);
        for (std::string line; std::getline(in, line);) out.push_back({now(), options_.identity.name, line});
        return out;
    }
    // A line, not a call: no network places or bills anything (capabilities().call_control).
    std::vector<CallView> calls() const override { return {}; }
    std::string show_dialer(Side) const override { return options_.identity.name + " on a pty: no dialer\n"; }
    void release() override { end_session(); }

    bool line_up_at_start() const override { return true; }
    Capabilities capabilities() const override {
        Capabilities c;
        c.lan_traffic = false;
        c.call_control = false;
        return c;
    }
    Millis settle() const override { return options_.settle; }
    std::string failure() const override { return failure_; }
    std::string summary() const override {
        if (const auto status = exit_status()) {
            return options_.identity.name + " exited with status " + std::to_string(*status) +
                   (options_.describe_exit ? " (" + options_.describe_exit(*status) + ")" : "");
        }
        return started_ ? options_.identity.name + " was still running at the end of the plan" : "";
    }

private:
    std::string make_case_dir() {
        std::error_code ec;
        if (base_dir_.empty()) {
            if (!options_.work_dir.empty()) {
                base_dir_ = options_.work_dir;
            } else {
                const char* tmp = std::getenv("TMPDIR");
                std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/ppp-pty-XXXXXX";
                std::vector<char> buffer(pattern.begin(), pattern.end());
                buffer.push_back('\0');
                if (::mkdtemp(buffer.data()) == nullptr) return std::string("pty bench: mkdtemp failed: ") + std::strerror(errno);
                base_dir_ = buffer.data();
            }
            fs::create_directories(base_dir_, ec);
            if (ec) return "pty bench: cannot create " + base_dir_.string() + ": " + ec.message();
        }
        // One directory per case, so cases can run side by side (PEERS.md section 1).
        do {
            case_dir_ = base_dir_ / ("case-" + std::to_string(++case_count_));
        } while (fs::exists(case_dir_));
        fs::create_directories(case_dir_, ec);
        if (ec) return "pty bench: cannot create " + case_dir_.string() + ": " + ec.message();
        return "";
    }

    bool start_session() {
        if (options_.preflight) {
            if (auto missing = options_.preflight(); !missing.empty()) {
                failure_ = options_.identity.name + " cannot run here: " + missing;
                return false;
            }
        }
        if (auto error = runner_.start(options_.command, case_dir_); !error.empty()) {
            failure_ = error;
            return false;
        }
        // Time 0 is the daemon's first octet: the boot of its machine is not the SUT's time.
        const auto boot_deadline = Clock::now() + options_.first_octet_timeout;
        std::uint8_t buffer[4096];
        while (true) {
            pollfd p{runner_.master(), POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) {
                const ssize_t n = ::read(runner_.master(), buffer, sizeof buffer);
                if (n > 0) {
                    origin_ = Clock::now();
                    started_ = true;
                    peer_ = std::make_unique<PeerLink>(peer_config_, setup_);
                    peer_->start(Millis{0});
                    flush_peer();
                    take_octets(buffer, static_cast<std::size_t>(n));
                    return true;
                }
            }
            runner_.poll_exit();
            if (const auto status = runner_.runner_status()) {
                failure_ = "the daemon's runner `" + options_.command.front() + "` exited with status " +
                           std::to_string(*status) + " before the daemon sent anything" + evidence();
                return false;
            }
            if (Clock::now() >= boot_deadline) {
                failure_ = "no octet from the daemon within " + std::to_string(options_.first_octet_timeout.count()) +
                           " ms of starting `" + options_.command.front() + "`" + evidence();
                return false;
            }
        }
    }

    // The last words of the daemon and its runner, for the verdict's reason.
    std::string evidence() const {
        std::string out;
        if (const auto status = exit_status()) {
            out += "; " + options_.identity.name + " exited with status " + std::to_string(*status);
            if (options_.describe_exit) out += " (" + options_.describe_exit(*status) + ")";
        }
        for (const char* file : {"pppd.log", "guest.log", "console.log"}) {
            const std::string line = last_line(case_dir_ / (file == std::string("pppd.log") ? options_.log_file : file));
            if (!line.empty()) out += "; " + std::string(file) + ": " + line;
        }
        return out + " (" + case_dir_.string() + ")";
    }

    std::optional<int> exit_status() const {
        std::ifstream in(case_dir_ / options_.exit_file);
        int status = -1;
        if (in >> status) return status;
        return std::nullopt;
    }

    void read_line() {
        std::uint8_t buffer[4096];
        while (true) {
            const ssize_t n = ::read(runner_.master(), buffer, sizeof buffer);
            if (n > 0) {
                take_octets(buffer, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n == 0 || (n < 0 && errno == EIO)) close_line("the line closed");  // no slave holder left
            return;
        }
    }

    void take_octets(const std::uint8_t* data, std::size_t size) {
        deframer_.feed(data, size);
        while (auto raw = deframer_.next()) {
            if (raw->aborted || raw->too_short) continue;  // FR-07/FR-08: not a frame
            // Address .. FCS: the synchronous frame shape
            PortMessage m = PortMessage::b_frame(now(), wire::Direction::FromSut, 1, std::move(raw->octets));
            // Observations are never changed by the lab; a Drop keeps one from the peer (the
            // peer refusing a protocol is the lab's Protocol-Reject instead).
            const TapDecision d = tap_ ? tap_(m) : TapDecision{};
            note_answer(m.bytes());
            if (peer_ && d.kind != TapDecision::Kind::Drop) {
                peer_->on_frame(m.at, m.bytes());
                flush_peer();
            }
        }
    }

    void flush_peer() {
        while (auto frame = peer_->next_frame()) {
            deliver(PortMessage::b_frame(now(), wire::Direction::ToSut, 1, std::move(*frame)));
        }
    }

    // A stimulus waits while a Configure-Request of the peer is unanswered (at most
    // kAnswerWait): on a real line the SUT's answer and the peer's next frames would otherwise
    // cross, and the lab sees every frame in one order (a slower peer is legal; RFC 1661 sets
    // no minimum pace).
    static constexpr Millis kAnswerWait{500};
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
    static std::optional<wire::LcpPacket> lcp_of(const wire::Bytes& frame) {
        const auto raw = wire::sync_decode(frame);
        if (!raw.fcs_ok) return std::nullopt;
        auto decoded = wire::decode_frame_body(raw.body(wire::FcsKind::Fcs16));
        if (!decoded) return std::nullopt;
        if (const auto* lcp = std::get_if<wire::LcpPacket>(&decoded.value().payload)) return *lcp;
        return std::nullopt;
    }
    void note_answer(const wire::Bytes& observed) {
        if (!awaiting_answer_) return;
        const auto lcp = lcp_of(observed);
        if (!lcp || lcp->identifier != awaiting_answer_->first) return;
        if (lcp->kind() == wire::LcpCode::ConfAck || lcp->kind() == wire::LcpCode::ConfNak ||
            lcp->kind() == wire::LcpCode::ConfRej) {
            awaiting_answer_.reset();
            release_held();
        }
    }

    // A stimulus: through the lab's tap, then octet-stuffed onto the line.
    void send_now(PortMessage m) {
        TapDecision d;
        if (tap_) d = tap_(m);
        if (d.kind == TapDecision::Kind::Drop) return;
        if (d.kind == TapDecision::Kind::Delay) {
            scheduled_.emplace_back(now() + d.delay, std::move(m));
            return;
        }
        write_frame(m.bytes());
        if (const auto lcp = lcp_of(m.bytes()); lcp && lcp->kind() == wire::LcpCode::ConfReq) {
            awaiting_answer_ = std::make_pair(lcp->identifier, now() + kAnswerWait);
        }
    }

    void write_frame(const wire::Bytes& frame) {
        if (line_closed_at_ || runner_.master() < 0) return;
        track_accm(frame);
        // The frame keeps its FCS as given (a forged bad FCS stays bad): stuff it as it is.
        const wire::Bytes octets = wire::async_encode(frame, accm_for(frame), wire::FcsKind::None);
        std::size_t done = 0;
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (done < octets.size() && Clock::now() < deadline) {
            const ssize_t n = ::write(runner_.master(), octets.data() + done, octets.size() - done);
            if (n > 0) {
                done += static_cast<std::size_t>(n);
            } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                pollfd p{runner_.master(), POLLOUT, 0};
                ::poll(&p, 1, 20);
            } else {
                return;
            }
        }
        if (done < octets.size()) failure_ = "the daemon stopped reading its line (a frame stayed unwritten for 2 s)";
    }

    // RFC 1662 section 7.1: LCP frames always go with every control octet escaped; the rest
    // with the ACCM the daemon asked for, once the harness acked it.
    std::uint32_t accm_for(const wire::Bytes& frame) const {
        const auto raw = wire::sync_decode(frame);
        const auto ppp = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
        if (!ppp || ppp.value().protocol == wire::proto::kLcp) return wire::kDefaultAsyncAccm;
        return tx_accm_;
    }
    void track_accm(const wire::Bytes& frame) {
        const auto lcp = lcp_of(frame);
        if (!lcp) return;
        if (lcp->kind() == wire::LcpCode::ConfAck) {
            for (const auto& o : lcp->options) {
                if (const auto* a = std::get_if<wire::Accm>(&o)) tx_accm_ = a->map;
            }
        } else if (lcp->kind() == wire::LcpCode::TermReq || lcp->kind() == wire::LcpCode::TermAck ||
                   lcp->kind() == wire::LcpCode::ConfReq) {
            tx_accm_ = wire::kDefaultAsyncAccm;  // a new negotiation starts from the default
        }
    }

    void fire_due(Millis t) {
        if (awaiting_answer_ && awaiting_answer_->second <= t) {
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
            }
        }
    }

    void close_line(const char* why) {
        if (line_closed_at_) return;
        line_closed_at_ = now();
        runner_.poll_exit();
        const auto status = exit_status();
        if (status && std::find(options_.setup_errors.begin(), options_.setup_errors.end(), *status) !=
                          options_.setup_errors.end()) {
            failure_ = std::string(why) + evidence();
        } else if (!status && !runner_.running() && !stop_requested()) {
            failure_ = std::string(why) + " and the daemon left no exit status" + evidence();
        }
    }
    bool stop_requested() const { return fs::exists(case_dir_ / "stop"); }

    void end_session() {
        // A daemon in session gets the stop request and a grace period; one still booting (or
        // already gone) does not need it.
        const bool in_session = started_ && runner_.running();
        if (in_session) drop_line(Side::Sut);
        runner_.stop(in_session ? options_.stop_timeout : Millis{0});
        started_ = false;
        for (const auto& name : options_.secret_files) {
            std::error_code ignored;
            if (!case_dir_.empty()) fs::remove(case_dir_ / name, ignored);
        }
    }

    PtyBenchOptions options_;
    BenchSetup setup_;
    sut::RouterConfig peer_config_;
    fs::path base_dir_;
    fs::path case_dir_;
    int case_count_ = 0;
    Runner runner_;
    std::unique_ptr<PeerLink> peer_;
    PortTap tap_;
    wire::AsyncDeframer deframer_;
    std::uint32_t tx_accm_ = wire::kDefaultAsyncAccm;
    bool started_ = false;
    Clock::time_point origin_{};
    Millis jumped_{0};
    std::optional<Millis> line_closed_at_;
    std::vector<std::pair<Millis, PortMessage>> scheduled_;
    std::deque<PortMessage> held_;                                  // stimuli waiting for an answer
    std::optional<std::pair<std::uint8_t, Millis>> awaiting_answer_;  // peer's CR id, until when
    std::vector<PingOutcome> pings_;
    std::string failure_;
};

}  // namespace

std::unique_ptr<Bench> make_pty_bench(PtyBenchOptions options) { return std::make_unique<PtyBench>(std::move(options)); }

}  // namespace ppp::adapters
