// RFC 1661 section 4.1, administrative and timer events (Open, Close, TO+, TO-): one MSM table.
#include "lcp_machine.hpp"

namespace ppp::model::detail {
namespace lcp {
namespace {

using R02 = Reqs<Fsm02>;
using R0102 = Reqs<Fsm01, Fsm02>;

struct AdminDef : GroupDef<AdminDef> {
    using initial_state = Closed;
    // clang-format off
    struct transition_table : mpl::vector<
    //    Source    Event    Target    Action              Guard           Requirements         §4.1 cell
    Cell< Initial,  Open,    Starting, tls,                always,         Reqs<Ph01>       >, // Open 0: tls/1
    Cell< Starting, Open,    Starting, nop,                always,         Reqs<Ph01>       >, // Open 1: 1
    Cell< Closed,   Open,    ReqSent,  seq<irc, scr>,      always,         R02              >, // Open 2: irc,scr/6
    Cell< Stopped,  Open,    Stopped,  nop,                no_restart_opt, Reqs<Fsm07>      >, // Open 3: 3r
    Cell< Stopped,  Open,    ReqSent,  seq<tls, irc, scr>, restart_opt,    Reqs<Fsm07>      >, // Open 3: [r] Down+Up
    Cell< Closing,  Open,    Stopping, nop,                no_restart_opt, Reqs<Fsm07>      >, // Open 4: 5r
    Cell< Closing,  Open,    ReqSent,  seq<irc, scr>,      restart_opt,    Reqs<Fsm07>      >, // Open 4: [r] Down+Up
    Cell< Stopping, Open,    Stopping, nop,                no_restart_opt, Reqs<Fsm07>      >, // Open 5: 5r
    Cell< Stopping, Open,    ReqSent,  seq<irc, scr>,      restart_opt,    Reqs<Fsm07>      >, // Open 5: [r] Down+Up
    Cell< ReqSent,  Open,    ReqSent,  nop,                always,         Reqs<>           >, // Open 6: 6
    Cell< AckRcvd,  Open,    AckRcvd,  nop,                always,         Reqs<>           >, // Open 7: 7
    Cell< AckSent,  Open,    AckSent,  nop,                always,         Reqs<>           >, // Open 8: 8
    Cell< Opened,   Open,    Opened,   nop,                no_restart_opt, Reqs<Fsm07>      >, // Open 9: 9r
    Cell< Opened,   Open,    ReqSent,  seq<tld, irc, scr>, restart_opt,    Reqs<Fsm07>      >, // Open 9: [r] Down+Up
    Cell< Initial,  Close,   Initial,  nop,                always,         Reqs<>           >, // Close 0: 0
    Cell< Starting, Close,   Initial,  tlf,                always,         Reqs<>           >, // Close 1: tlf/0
    Cell< Closed,   Close,   Closed,   nop,                always,         Reqs<>           >, // Close 2: 2
    Cell< Stopped,  Close,   Closed,   nop,                always,         Reqs<>           >, // Close 3: 2
    Cell< Closing,  Close,   Closing,  nop,                always,         Reqs<>           >, // Close 4: 4
    Cell< Stopping, Close,   Closing,  nop,                always,         Reqs<>           >, // Close 5: 4
    Cell< ReqSent,  Close,   Closing,  seq<irc, str>,      always,         R02              >, // Close 6: irc,str/4
    Cell< AckRcvd,  Close,   Closing,  seq<irc, str>,      always,         R02              >, // Close 7: irc,str/4
    Cell< AckSent,  Close,   Closing,  seq<irc, str>,      always,         R02              >, // Close 8: irc,str/4
    Cell< Opened,   Close,   Closing,  seq<tld, irc, str>, always,         R02              >, // Close 9: tld,irc,str/4
    Cell< Closing,  ToPlus,  Closing,  str,                always,         R0102            >, // TO+ 4: str/4
    Cell< Stopping, ToPlus,  Stopping, str,                always,         R0102            >, // TO+ 5: str/5
    Cell< ReqSent,  ToPlus,  ReqSent,  scr,                always,         R0102            >, // TO+ 6: scr/6
    Cell< AckRcvd,  ToPlus,  ReqSent,  scr,                always,         R0102            >, // TO+ 7: scr/6
    Cell< AckSent,  ToPlus,  AckSent,  scr,                always,         R0102            >, // TO+ 8: scr/8
    Cell< Closing,  ToMinus, Closed,   tlf,                always,         Reqs<Fsm02, Ph04>>, // TO- 4: tlf/2
    Cell< Stopping, ToMinus, Stopped,  tlf,                always,         Reqs<Fsm02, Fsm04>>, // TO- 5: tlf/3
    Cell< ReqSent,  ToMinus, Stopped,  tlf,                not_passive,    R02              >, // TO- 6: tlf/3p
    Cell< ReqSent,  ToMinus, Stopped,  nop,                passive,        Reqs<Fsm06>      >, // TO- 6: [p] 3, no tlf
    Cell< AckRcvd,  ToMinus, Stopped,  tlf,                not_passive,    R02              >, // TO- 7: tlf/3p
    Cell< AckRcvd,  ToMinus, Stopped,  nop,                passive,        Reqs<Fsm06>      >, // TO- 7: [p] 3, no tlf
    Cell< AckSent,  ToMinus, Stopped,  tlf,                not_passive,    R02              >, // TO- 8: tlf/3p
    Cell< AckSent,  ToMinus, Stopped,  nop,                passive,        Reqs<Fsm06>      >  // TO- 8: [p] 3, no tlf
    > {};
    // clang-format on

    // Rows no black-box tester can make the oracle take (DESIGN.md section 5). RouterSpec infers
    // the SUT's administrative Open and Close from what it sends: Open at connect (open_link: Open
    // then Up, Initial -> Starting -> Req-Sent) and from a Configure-Request in Closed, or in
    // Stopped/Opened with [r] (observe_cr); Close from a Terminate-Request in Req-Sent, Ack-Rcvd,
    // Ack-Sent or Opened (observe_tr). A link in Initial or Starting exists only inside open_link.
    static std::vector<UnreachableMark> unreachable() {
        constexpr const char* kOpenInferred =
            "observe_cr infers Open only in Closed, or in Stopped/Opened with [r]; a Configure-Request here is "
            "an owed scr, a retransmission (TO+) or an FSM-01 violation";
        constexpr const char* kOpenNeedsR =
            "observe_cr infers Open here only when the profile's restart option is on: the [!r] guard is then false";
        constexpr const char* kCloseInferred =
            "observe_tr infers Close only in Req-Sent, Ack-Rcvd, Ack-Sent or Opened; a Terminate-Request here is a "
            "retransmission (TO+) or an FSM-02 violation";
        constexpr const char* kOnlyInOpenLink =
            "a link is in Initial or Starting only inside open_link (Open then Up, back to back) and after the Down "
            "that retires it";
        constexpr const char* kAckRcvdCounter =
            "Ack-Rcvd is entered only by RCA 6's irc (counter = Max-Configure >= 1) and no row sends scr there; "
            "the oracle fires TO- only at a counter of 0";
        return {
            {"Starting --Open--> Starting  (Open 1: 1)", kOnlyInOpenLink},
            {"Stopped --Open[!r]--> Stopped  (Open 3: 3 [!r])", kOpenNeedsR},
            {"Closing --Open[!r]--> Stopping  (Open 4: 5 [!r])", kOpenInferred},
            {"Closing --Open[r]--> Req-Sent  (Open 4: irc,scr/6 [r])", kOpenInferred},
            {"Stopping --Open[!r]--> Stopping  (Open 5: 5 [!r])", kOpenInferred},
            {"Stopping --Open[r]--> Req-Sent  (Open 5: irc,scr/6 [r])", kOpenInferred},
            {"Req-Sent --Open--> Req-Sent  (Open 6: 6)", kOpenInferred},
            {"Ack-Rcvd --Open--> Ack-Rcvd  (Open 7: 7)", kOpenInferred},
            {"Ack-Sent --Open--> Ack-Sent  (Open 8: 8)", kOpenInferred},
            {"Opened --Open[!r]--> Opened  (Open 9: 9 [!r])", kOpenNeedsR},
            {"Initial --Close--> Initial  (Close 0: 0)", kOnlyInOpenLink},
            {"Starting --Close--> Initial  (Close 1: tlf/0)", kOnlyInOpenLink},
            {"Closed --Close--> Closed  (Close 2: 2)", kCloseInferred},
            {"Stopped --Close--> Closed  (Close 3: 2)", kCloseInferred},
            {"Closing --Close--> Closing  (Close 4: 4)", kCloseInferred},
            {"Stopping --Close--> Closing  (Close 5: 4)", kCloseInferred},
            {"Ack-Rcvd --TO-[!p]--> Stopped  (TO- 7: tlf/3 [!p])", kAckRcvdCounter},
            {"Ack-Rcvd --TO-[p]--> Stopped  (TO- 7: 3 [p])", kAckRcvdCounter},
        };
    }

    static bool handles(LcpEvent e) {
        return e == LcpEvent::Open || e == LcpEvent::Close || e == LcpEvent::TimeoutPlus ||
               e == LcpEvent::TimeoutMinus;
    }
    template <class M>
    static void process(M& m, LcpEvent e) {
        switch (e) {
            case LcpEvent::Open: m.process_event(Open{}); break;
            case LcpEvent::Close: m.process_event(Close{}); break;
            case LcpEvent::TimeoutPlus: m.process_event(ToPlus{}); break;
            case LcpEvent::TimeoutMinus: m.process_event(ToMinus{}); break;
            default: break;
        }
    }
};

}  // namespace
}  // namespace lcp

std::unique_ptr<LcpGroup> make_lcp_admin_group() { return std::make_unique<lcp::Group<lcp::AdminDef>>(); }

}  // namespace ppp::model::detail
