#pragma once
// pppd debug logs as a recording for `ppp-conform check` (issue #16): the `sent [...]` and
// `rcvd [...]` lines of pppd 2.4.9 (`debug`) rebuilt into packets, and its messages about the
// line (`Connect:`, `CHAP authentication succeeded`, `peer will call: N`, ...), with syslog
// stamps (`Dec  3 21:04:05 host pppd[1234]:`), RFC 3339 ones, or none (pppd's `logfile`).
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "ppp/adapters/recording.hpp"

namespace ppp::adapters::recording {

class PppdLogReader final : public RecordReader {
public:
    // `in` is not owned and must outlive the reader; `file` names it in every record's Source.
    PppdLogReader(std::istream& in, std::string file);
    ~PppdLogReader() override;
    PppdLogReader(const PppdLogReader&) = delete;
    PppdLogReader& operator=(const PppdLogReader&) = delete;

    std::optional<Record> next() override;
    const ReadStats& stats() const override;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The packet of one pppd packet text, from its '[' on: `[LCP ConfReq id=0x1 <mru 1500>]`,
// `[CBCP Response id=0x1 < UserDefined delay = 5 number = <number>>] 35 35 ...`. The formats are
// those of pppd 2.4.9's printers (lcp.c lcp_printpkt, ipcp.c, upap.c, chap-new.c, cbcp.c and
// utils.c format_packet: octets the printer did not consume follow the ']' as hex). nullopt when
// the text is not of that shape.
std::optional<RebuiltPacket> rebuild_pppd_packet(std::string_view text);

}  // namespace ppp::adapters::recording
