// The SUT's own IP (SPEC section 8a): RFC 1812 section 4.3.3.6's echo server (IP-01), section
// 5.2.2's header validation (IP-02), well-formed replies (IP-03), the Reply's precedence (IP-05)
// and a Request's low TTL (IP-06), judged on the server scenario, where R2's ping after the return
// call is addressed to R1, the SUT; and, on the same link, the Protocol-Rejects of packets of a
// protocol the SUT does not run (LCP-11).
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

// The scenario up to IPCP, then the ping to R1 (the SUT) and R1's own Echo-Reply.
Trace ping_to_the_sut() {
    Trace t = server_trace();
    t.cut_after("ping");
    t.add("replyout", from_sut(16010ms, BFrame{1, ip(ping(kR1Ip, kR2Ip, 0, 2))}));
    return t;
}

// A frame carrying `datagram` as it is, whatever its header says.
Bytes ip_raw(const Bytes& datagram) { return frame(wire::proto::kIp, datagram); }

// The scenario with the SUT's Echo-Reply replaced by `reply_frame`, judged.
Judgement judge_reply(const Bytes& reply_frame) {
    RouterSpec spec = server();
    Trace t = ping_to_the_sut();
    t.replace("replyout", from_sut(16010ms, BFrame{1, reply_frame}));
    return run(spec, t, 20000ms);
}

TEST(ModelOwnIp, AnEchoRequestToTheRouterAnsweredWithItsDataConforms) {
    RouterSpec spec = server();
    const Judgement j = run(spec, ping_to_the_sut(), 20000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, AnEchoRequestLeftUnansweredViolatesIp01) {
    RouterSpec spec = server();
    Trace t = ping_to_the_sut();
    t.remove("replyout");
    const Judgement j = run(spec, t, 20000ms);
    EXPECT_TRUE(j.violates("IP-01")) << j.explanation;
    EXPECT_NE(j.explanation.find("expected ICMP Echo-Reply id=1 seq=2 to 192.0.2.2 on B1"), std::string::npos) << j.explanation;
}

TEST(ModelOwnIp, AReplyWithOtherDataViolatesIp01) {
    wire::Ipv4Packet reply = ping(kR1Ip, kR2Ip, 0, 2);
    reply.payload = wire::encode_icmp_echo(wire::IcmpEcho{0, 1, 2, Bytes(35, 0xAB)});  // one octet short
    const Judgement j = judge_reply(ip(reply));
    EXPECT_TRUE(j.violates("IP-01")) << j.explanation;
    EXPECT_NE(j.explanation.find("data octets unchanged"), std::string::npos) << j.explanation;
}

TEST(ModelOwnIp, AReplyFromAnotherAddressViolatesIp01) {
    const Judgement j = judge_reply(ip(ping(kR1Ip + 7, kR2Ip, 0, 2)));
    EXPECT_TRUE(j.violates("IP-01")) << j.explanation;
    EXPECT_NE(j.explanation.find("not from the address the Request was sent to"), std::string::npos) << j.explanation;
}

TEST(ModelOwnIp, AReplyWithAWrongIcmpChecksumViolatesIp03) {
    wire::Ipv4Packet reply = ping(kR1Ip, kR2Ip, 0, 2);
    reply.payload[3] ^= 0x01;
    const Judgement j = judge_reply(ip(reply));
    EXPECT_TRUE(j.violates("IP-03")) << j.explanation;
}

TEST(ModelOwnIp, AReplyWithAWrongHeaderChecksumViolatesIp03) {
    Bytes reply = wire::encode_ipv4(ping(kR1Ip, kR2Ip, 0, 2));
    reply[10] ^= 0x01;
    const Judgement j = judge_reply(ip_raw(reply));
    EXPECT_TRUE(j.violates("IP-03")) << j.explanation;
}

// Recomputes the header checksum after a field was changed on purpose.
void reseal(Bytes& d) {
    d[10] = d[11] = 0;
    const std::uint16_t sum = wire::internet_checksum(d.data(), 20);
    d[10] = static_cast<std::uint8_t>(sum >> 8);
    d[11] = static_cast<std::uint8_t>(sum & 0xFFU);
}

// RFC 1812 section 5.2.2: the request is "silently discarded" when its header fails a check.
Trace broken_request(void (*breaks)(Bytes&), bool answered) {
    Trace t = ping_to_the_sut();
    Bytes request = wire::encode_ipv4(ping(kR2Ip, kR1Ip, 8, 2));
    breaks(request);
    t.replace("ping", to_sut(16000ms, BFrame{1, ip_raw(request)}));
    if (!answered) t.remove("replyout");
    return t;
}

TEST(ModelOwnIp, ARequestWithAWrongHeaderChecksumDiscardedConforms) {
    RouterSpec spec = server();
    const Judgement j = run(spec, broken_request([](Bytes& d) { d[11] ^= 0x01; }, false), 20000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, ARequestWithAWrongHeaderChecksumAnsweredViolatesIp02) {
    RouterSpec spec = server();
    const Judgement j = run(spec, broken_request([](Bytes& d) { d[11] ^= 0x01; }, true), 20000ms);
    EXPECT_TRUE(j.violates("IP-02")) << j.explanation;
    EXPECT_NE(j.explanation.find("answers an Echo-Request whose IP header is invalid"), std::string::npos) << j.explanation;
}

TEST(ModelOwnIp, ARequestOfVersionSixAnsweredViolatesIp02) {
    RouterSpec spec = server();
    const Judgement j = run(spec, broken_request([](Bytes& d) { d[0] = 0x65; }, true), 20000ms);
    EXPECT_TRUE(j.violates("IP-02")) << j.explanation;
}

// RFC 1812 section 4.3.3.6: "receive, reassemble and echo".
TEST(ModelOwnIp, ALoneFirstFragmentLeftUnansweredConforms) {
    RouterSpec spec = server();
    const Judgement j = run(spec, broken_request([](Bytes& d) { d[6] = 0x20; reseal(d); }, false), 20000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, ALoneFirstFragmentAnsweredViolatesIp04) {
    RouterSpec spec = server();
    const Judgement j = run(spec, broken_request([](Bytes& d) { d[6] = 0x20; reseal(d); }, true), 20000ms);
    EXPECT_TRUE(j.violates("IP-04")) << j.explanation;
    EXPECT_FALSE(j.violates("IP-02")) << j.explanation;
}

// RFC 1122 section 3.2.1.7: "A host MUST NOT send a datagram with a Time-to-Live (TTL) value of zero."
TEST(ModelOwnIp, AReplyWithTtlZeroViolatesIp03) {
    wire::Ipv4Packet reply = ping(kR1Ip, kR2Ip, 0, 2);
    reply.ttl = 0;
    const Judgement j = judge_reply(ip(reply));
    EXPECT_TRUE(j.violates("IP-03")) << j.explanation;
    EXPECT_NE(j.explanation.find("TTL 0"), std::string::npos) << j.explanation;
}

// RFC 1812 section 4.3.2.5: the Reply's IP Precedence is the Request's.
Trace request_and_reply(std::uint8_t request_tos, std::uint8_t reply_tos, std::uint8_t request_ttl) {
    Trace t = ping_to_the_sut();
    wire::Ipv4Packet request = ping(kR2Ip, kR1Ip, 8, 2);
    request.tos = request_tos;
    request.ttl = request_ttl;
    t.replace("ping", to_sut(16000ms, BFrame{1, ip(request)}));
    wire::Ipv4Packet reply = ping(kR1Ip, kR2Ip, 0, 2);
    reply.tos = reply_tos;
    t.replace("replyout", from_sut(16010ms, BFrame{1, ip(reply)}));
    return t;
}

TEST(ModelOwnIp, AReplyKeepingTheRequestsPrecedenceConforms) {
    RouterSpec spec = server();
    // Precedence 5 kept; the low bits of the TOS octet are not judged (RFC 1349 makes them a SHOULD).
    const Judgement j = run(spec, request_and_reply(0xA0, 0xB8, 64), 20000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, AReplyDroppingTheRequestsPrecedenceViolatesIp05) {
    RouterSpec spec = server();
    const Judgement j = run(spec, request_and_reply(0xA0, 0x00, 64), 20000ms);
    EXPECT_TRUE(j.violates("IP-05")) << j.explanation;
    EXPECT_NE(j.explanation.find("has IP Precedence 0, not the Request's 5"), std::string::npos) << j.explanation;
}

TEST(ModelOwnIp, AReplyRaisingThePrecedenceViolatesIp05) {
    RouterSpec spec = server();
    const Judgement j = run(spec, request_and_reply(0x00, 0xC0, 64), 20000ms);
    EXPECT_TRUE(j.violates("IP-05")) << j.explanation;
}

// RFC 1812 section 4.2.2.9: a datagram to the router is received whatever its TTL.
TEST(ModelOwnIp, ARequestWithTtlZeroAnsweredConforms) {
    RouterSpec spec = server();
    const Judgement j = run(spec, request_and_reply(0x00, 0x00, 0), 20000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, ARequestWithTtlZeroLeftUnansweredViolatesIp06) {
    RouterSpec spec = server();
    Trace t = request_and_reply(0x00, 0x00, 0);
    t.remove("replyout");
    const Judgement j = run(spec, t, 20000ms);
    EXPECT_TRUE(j.violates("IP-06")) << j.explanation;
    EXPECT_TRUE(j.violates("IP-01")) << j.explanation;
}

TEST(ModelOwnIp, ARequestWithIpOptionsIsJudgedOnItsIcmpPart) {
    // IHL 6: No Operation three times and End of Option List (RFC 791 section 3.1).
    Bytes request = wire::encode_ipv4(ping(kR2Ip, kR1Ip, 8, 2));
    static constexpr std::uint8_t kOptions[] = {0x01, 0x01, 0x01, 0x00};
    request.insert(request.begin() + 20, std::begin(kOptions), std::end(kOptions));
    request[0] = 0x46;
    request[3] = static_cast<std::uint8_t>(request[3] + 4);
    request[10] = request[11] = 0;
    const std::uint16_t sum = wire::internet_checksum(request.data(), 24);
    request[10] = static_cast<std::uint8_t>(sum >> 8);
    request[11] = static_cast<std::uint8_t>(sum & 0xFFU);
    RouterSpec spec = server();
    Trace t = ping_to_the_sut();
    t.replace("ping", to_sut(16000ms, BFrame{1, ip_raw(request)}));
    EXPECT_TRUE(run(spec, t, 20000ms).conforming);
    RouterSpec unanswered = server();
    t.remove("replyout");
    EXPECT_TRUE(run(unanswered, t, 20000ms).violates("IP-01"));
}

// RFC 1661 section 5.7: "The Identifier field MUST be changed for each Protocol-Reject sent."
Judgement two_protocol_rejects(std::uint8_t first_id, std::uint8_t second_id) {
    Trace t = ping_to_the_sut();
    const Bytes unknown{0x01, 0x01, 0x00, 0x04};
    auto reject = [&](std::uint8_t id) {
        wire::LcpPacket p;
        p.code = 8;  // Protocol-Reject: the rejected protocol, then the rejected information
        p.identifier = id;
        p.rejected_protocol = 0x0023;
        p.data = unknown;
        return frame(wire::proto::kLcp, wire::encode_lcp(p));
    };
    t.add("osi1", to_sut(17000ms, BFrame{1, frame(0x0023, unknown)}));
    t.add("rej1", from_sut(17005ms, BFrame{1, reject(first_id)}));
    t.add("osi2", to_sut(17100ms, BFrame{1, frame(0x0023, unknown)}));
    t.add("rej2", from_sut(17105ms, BFrame{1, reject(second_id)}));
    RouterSpec spec = server();
    return run(spec, t, 20000ms);
}

TEST(ModelOwnIp, EachProtocolRejectCarriesANewIdentifier) {
    EXPECT_TRUE(two_protocol_rejects(7, 8).conforming) << two_protocol_rejects(7, 8).explanation;
    const Judgement j = two_protocol_rejects(7, 7);
    EXPECT_TRUE(j.violates("LCP-11")) << j.explanation;
    EXPECT_NE(j.explanation.find("Protocol-Reject reused Identifier 7"), std::string::npos) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test

namespace ppp::model::test {
namespace {

// The client scenario up to the end of its return call's IPCP exchange.
Trace through_ipcp() {
    Trace t = client_trace();
    t.cut_after("r2ipcpack");
    return t;
}

// IP-07 (RFC 1332 section 3.3): on the client scenario's return call the peer asks for its
// address (IP-Address 0.0.0.0); `answer` is the SUT's reply to that Request (Identifier 1).
Judgement judge_address_answer(const Bytes& answer, bool dialer_map = true) {
    Pixit pixit = r2_pixit();
    pixit.dialer_map_to_peer = dialer_map;
    RouterSpec spec(Role::Client, cisco(), pixit);
    Trace t = through_ipcp();
    t.replace("r1ipcp", to_sut(15340ms, BFrame{1, ipcp(CR, 1, 0)}));
    t.replace("r2ipcpack", from_sut(15360ms, BFrame{1, answer}));
    return run(spec, t, 15400ms);
}

TEST(ModelOwnIp, APeerAskingForItsAddressGivenTheDialerMapsNextHopConforms) {
    const Judgement j = judge_address_answer(ipcp(CN, 1, kR1Ip));
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, AckingAPeersRequestForAnAddressViolatesIp07) {
    const Judgement j = judge_address_answer(ipcp(CA, 1, 0));
    EXPECT_TRUE(j.violates("IP-07")) << j.explanation;
}

TEST(ModelOwnIp, GivingThePeerAnAddressOtherThanTheMapsNextHopViolatesIp07) {
    const Judgement other = judge_address_answer(ipcp(CN, 1, kR1Ip + 2));
    EXPECT_TRUE(other.violates("IP-07")) << other.explanation;
    EXPECT_TRUE(other.violates("DDR-02")) << other.explanation;
    const Judgement zero = judge_address_answer(ipcp(CN, 1, 0));
    EXPECT_TRUE(zero.violates("IP-07")) << zero.explanation;
}

TEST(ModelOwnIp, RefusingThePeerAnAddressIsAViolationOnlyWhereADialerMapNamesThePeer) {
    EXPECT_TRUE(judge_address_answer(ipcp(CJ, 1, 0)).violates("IP-07"));
    const Judgement no_map = judge_address_answer(ipcp(CJ, 1, 0), false);
    EXPECT_FALSE(no_map.violates("IP-07")) << no_map.explanation;
}

// IP-08 (RFC 1332 section 2, RFC 1661 section 5.2): the SUT's answer to the peer's IPCP Request
// (Identifier 1, IP-Address R1) on the client scenario's return call, replaced by `answer`.
Judgement judge_ipcp_answer(const Bytes& answer) {
    RouterSpec spec = client();
    Trace t = through_ipcp();
    t.replace("r2ipcpack", from_sut(15360ms, BFrame{1, answer}));
    return run(spec, t, 15400ms);
}

TEST(ModelOwnIp, AnIpcpAckCopyingTheRequestConforms) {
    const Judgement j = judge_ipcp_answer(ipcp(CA, 1, kR1Ip));
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelOwnIp, AnIpcpAckWithAnotherIdentifierOrAddressViolatesIp08) {
    const Judgement id = judge_ipcp_answer(ipcp(CA, 7, kR1Ip));
    EXPECT_TRUE(id.violates("IP-08")) << id.explanation;
    const Judgement address = judge_ipcp_answer(ipcp(CA, 1, kR1Ip + 5));
    EXPECT_TRUE(address.violates("IP-08")) << address.explanation;
    wire::IpcpPacket empty;
    empty.code = CA;
    empty.identifier = 1;
    const Judgement no_options = judge_ipcp_answer(frame(wire::proto::kIpcp, wire::encode_ipcp(empty)));
    EXPECT_TRUE(no_options.violates("IP-08")) << no_options.explanation;
}

TEST(ModelOwnIp, AnIpcpNakWithAnotherIdentifierViolatesIp08) {
    const Judgement j = judge_ipcp_answer(ipcp(CN, 9, kR1Ip));
    EXPECT_TRUE(j.violates("IP-08")) << j.explanation;
}

TEST(ModelOwnIp, AnIpcpAckOfNoRequestViolatesIp08) {
    RouterSpec spec = client();
    Trace t = through_ipcp();
    t.remove("r1ipcp");
    const Judgement j = run(spec, t, 15400ms);
    EXPECT_TRUE(j.violates("IP-08")) << j.explanation;
}

// IP-08 (RFC 1661 section 5.1): the SUT's IPCP Configure-Request (Identifier 1) sent again.
TEST(ModelOwnIp, AnIpcpRequestReusingTheIdentifierOfAnAnsweredOneViolatesIp08) {
    RouterSpec spec = client();
    Trace t = through_ipcp();
    t.add("again", from_sut(17350ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    const Judgement j = run(spec, t, 17400ms);
    EXPECT_TRUE(j.violates("IP-08")) << j.explanation;
}

TEST(ModelOwnIp, AnUnansweredIpcpRequestRetransmittedWithItsIdentifierConforms) {
    RouterSpec spec = client();
    Trace t = through_ipcp();
    t.remove("r1ipcpack");
    t.add("again", from_sut(17330ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    const Judgement j = run(spec, t, 17400ms);
    EXPECT_FALSE(j.violates("IP-08")) << j.explanation;
}

// A wall-clock SUT's answers cross the peer's packets on the line: an Ack of the peer's Request id=1
// sent as its retransmission id=2 was arriving, and a retransmission of the SUT's own Request sent
// as the peer's Ack of it was arriving, are no IP-08 violations.
TEST(ModelOwnIp, IpcpPacketsCrossingOnTheLineConform) {
    RouterSpec spec = client();
    Trace t = through_ipcp();
    t.insert_after("r1ipcp", "r1ipcp2", to_sut(15345ms, BFrame{1, ipcp(CR, 2, kR1Ip)}));
    t.insert_after("r1ipcpack", "again", from_sut(15355ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    const Judgement j = run(spec, t, 15400ms);
    EXPECT_FALSE(j.violates("IP-08")) << j.explanation;
}

// IP-08 (RFC 1661 section 5.2): the peer's Configure-Ack of the SUT's IPCP Request names another
// address; the SUT must discard it, so a datagram it sends next goes out with IPCP not Opened.
TEST(ModelOwnIp, ADatagramSentOnAnIpcpAckThatAlteredTheRequestViolatesIp08) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("ping2out");
    t.replace("r1ipcpack", to_sut(15350ms, BFrame{1, ipcp(CA, 1, kR2Ip + 1)}));
    const Judgement j = run(spec, t, 16100ms);
    EXPECT_TRUE(j.violates("IP-08")) << j.explanation;
    EXPECT_TRUE(j.violates("PH-03")) << j.explanation;
}

TEST(ModelOwnIp, AnswerOfAnUndefinedIpcpCodeToARequestForAnAddressViolatesIp07) {
    const Judgement j = judge_address_answer(ipcp(0, 1, kR1Ip));
    EXPECT_TRUE(j.violates("IP-07")) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test
