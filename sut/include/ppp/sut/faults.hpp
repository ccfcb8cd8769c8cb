#pragma once
// Named deviations the reference router can be switched into, so the harness can prove that it
// catches them (DESIGN.md section 6, `ppp-conform selftest`). Each is a small, realistic bug.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ppp::sut {

enum class Fault : std::uint8_t {
    CallbackIgnoresSecure,      // server calls back an unconfigured user (breaks CCB-05)
    IpcpOnFirstCall,            // IPCP Configure-Request after callback was agreed (SEQ-01)
    CallbackOptionOnReturnCall, // server requests option 13 on its return call (SEQ-02, CB-04)
    KeepFirstCall,              // server keeps the first call up and goes to NCP (CB-03, CCB-04)
    EarlyReturnCall,            // return call placed at once, not after enable-timeout (DDR-06)
    RetryBusyReturnCall,        // a busy/unanswered return call is retried (CCB-06)
    NoTerminateAck,             // Terminate-Request never acknowledged (LCP-09)
    AckReordersOptions,         // Configure-Ack lists the options in reverse order (LCP-05)
    ChapWrongHashOrder,         // CHAP value = MD5(secret || Id || challenge) (CHAP-03)
};
inline constexpr std::size_t kFaultCount = 9;

const char* fault_name(Fault fault);  // "callback-ignores-secure", ...

class Faults {
public:
    Faults() = default;
    bool has(Fault f) const { return (bits_ >> static_cast<unsigned>(f)) & 1U; }
    void add(Fault f) { bits_ |= 1U << static_cast<unsigned>(f); }
    bool empty() const { return bits_ == 0; }
    std::vector<std::string> names() const;

    // "a,b c": names separated by commas or blanks. On an unknown name returns false and sets
    // `error` to one line naming it and listing the accepted names.
    static bool parse(std::string_view text, Faults& out, std::string& error);

private:
    std::uint32_t bits_ = 0;
};

}  // namespace ppp::sut
