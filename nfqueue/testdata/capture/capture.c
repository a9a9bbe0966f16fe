/*
 * capture: produces the golden netlink bytes used by nfqueue's codec tests,
 * with the C libraries (libmnl + libnetfilter_queue's nfq_nlmsg_* API) and
 * the kernel as the reference implementations.
 *
 *   capture build        prints messages built by libnetfilter_queue
 *   capture recv Q N F   binds queue Q with NFQA_CFG_FLAGS F, prints the first
 *                        N packet messages the kernel sends, accepts them
 *
 * Output: one "name hex" line per message. See gen.sh for how it is run
 * (inside a throw-away network namespace).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void dump(const char *name, const struct nlmsghdr *nlh)
{
	const unsigned char *b = (const void *)nlh;
	printf("%s ", name);
	for (unsigned i = 0; i < nlh->nlmsg_len; i++) printf("%02x", b[i]);
	printf("\n");
}

/* nfkit sends config with NLM_F_ACK and verdicts with seq = packet id;
 * set the same header fields so that the bytes compare whole. */
static struct nlmsghdr *put(char *buf, int type, int queue, unsigned flags, unsigned seq)
{
	memset(buf, 0, 512); /* deterministic attribute padding */
	struct nlmsghdr *nlh = nfq_nlmsg_put(buf, type, queue);
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	return nlh;
}

static void build(void)
{
	char buf[8192];
	struct nlmsghdr *nlh;

	nlh = put(buf, NFQNL_MSG_CONFIG, 3, NLM_F_REQUEST | NLM_F_ACK, 1);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_BIND);
	dump("config_bind_q3", nlh);

	nlh = put(buf, NFQNL_MSG_CONFIG, 3, NLM_F_REQUEST | NLM_F_ACK, 2);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_BIND);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, 0xffff);
	mnl_attr_put_u32(nlh, NFQA_CFG_QUEUE_MAXLEN, htonl(4096));
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(0x1f));
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(NFQA_CFG_F_GSO | NFQA_CFG_F_FAIL_OPEN));
	dump("config_full_q3", nlh);

	nlh = put(buf, NFQNL_MSG_CONFIG, 65535, NLM_F_REQUEST | NLM_F_ACK, 7);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_UNBIND);
	dump("config_unbind_q65535", nlh);

	nlh = put(buf, NFQNL_MSG_VERDICT, 0, NLM_F_REQUEST, 42);
	nfq_nlmsg_verdict_put(nlh, 42, NF_ACCEPT);
	dump("verdict_accept_42", nlh);

	nlh = put(buf, NFQNL_MSG_VERDICT, 1, NLM_F_REQUEST, 0x01020304);
	nfq_nlmsg_verdict_put(nlh, 0x01020304, NF_DROP);
	nfq_nlmsg_verdict_put_mark(nlh, 0xdeadbeef);
	dump("verdict_drop_mark", nlh);

	nlh = put(buf, NFQNL_MSG_VERDICT, 0, NLM_F_REQUEST, 9);
	nfq_nlmsg_verdict_put(nlh, 9, (7 << 16) | NF_QUEUE | NF_VERDICT_FLAG_QUEUE_BYPASS);
	dump("verdict_queue7_bypass", nlh);

	static const unsigned char pkt[] = {1, 2, 3, 4, 5};
	nlh = put(buf, NFQNL_MSG_VERDICT, 0, NLM_F_REQUEST, 10);
	nfq_nlmsg_verdict_put(nlh, 10, NF_ACCEPT);
	nfq_nlmsg_verdict_put_mark(nlh, 5);
	nfq_nlmsg_verdict_put_pkt(nlh, pkt, sizeof(pkt));
	dump("verdict_accept_mark_payload", nlh);

	/* connmark: NFQA_CT nest holding CTA_MARK (as nfq_ct_... would) */
	nlh = put(buf, NFQNL_MSG_VERDICT, 0, NLM_F_REQUEST, 11);
	nfq_nlmsg_verdict_put(nlh, 11, NF_ACCEPT);
	struct nlattr *nest = mnl_attr_nest_start(nlh, NFQA_CT);
	mnl_attr_put_u32(nlh, 8 /* CTA_MARK */, htonl(0x77));
	mnl_attr_nest_end(nlh, nest);
	dump("verdict_accept_connmark", nlh);

	nlh = put(buf, NFQNL_MSG_VERDICT_BATCH, 2, NLM_F_REQUEST, 1000);
	nfq_nlmsg_verdict_put(nlh, 1000, NF_ACCEPT);
	dump("batch_accept_1000", nlh);

	nlh = put(buf, NFQNL_MSG_VERDICT_BATCH, 2, NLM_F_REQUEST, 1001);
	nfq_nlmsg_verdict_put(nlh, 1001, NF_DROP);
	nfq_nlmsg_verdict_put_mark(nlh, 1);
	dump("batch_drop_mark_1001", nlh);

	/* A packet message with every attribute, laid out as the kernel's
	 * nfqnl_build_packet_message (and ctnetlink_glue_build for NFQA_CT)
	 * would; this kernel lacks CONFIG_NETFILTER_NETLINK_GLUE_CT, so the
	 * conntrack part cannot be captured live. */
	nlh = put(buf, NFQNL_MSG_PACKET, 4, 0, 0);
	((struct nfgenmsg *)mnl_nlmsg_get_payload(nlh))->nfgen_family = AF_INET;
	struct nfqnl_msg_packet_hdr ph = {.packet_id = htonl(77), .hw_protocol = htons(0x0800), .hook = 2};
	mnl_attr_put(nlh, NFQA_PACKET_HDR, sizeof(ph), &ph);
	mnl_attr_put_u32(nlh, NFQA_MARK, htonl(0x10));
	struct nfqnl_msg_packet_timestamp ts = {.sec = __builtin_bswap64(1700000000), .usec = __builtin_bswap64(123456)};
	mnl_attr_put(nlh, NFQA_TIMESTAMP, sizeof(ts), &ts);
	mnl_attr_put_u32(nlh, NFQA_IFINDEX_INDEV, htonl(2));
	mnl_attr_put_u32(nlh, NFQA_IFINDEX_OUTDEV, htonl(3));
	mnl_attr_put_u32(nlh, NFQA_IFINDEX_PHYSINDEV, htonl(4));
	mnl_attr_put_u32(nlh, NFQA_IFINDEX_PHYSOUTDEV, htonl(5));
	struct nfqnl_msg_packet_hw hw = {.hw_addrlen = htons(6), .hw_addr = {0x02, 0, 0, 0, 0, 1}};
	mnl_attr_put(nlh, NFQA_HWADDR, sizeof(hw), &hw);
	nest = mnl_attr_nest_start(nlh, NFQA_CT);
	mnl_attr_put_u32(nlh, 3 /* CTA_STATUS */, htonl(0x18a));
	mnl_attr_put_u32(nlh, 8 /* CTA_MARK */, htonl(0x99));
	mnl_attr_put_u32(nlh, 12 /* CTA_ID */, htonl(0xabcdef01));
	mnl_attr_put_u32(nlh, 7 /* CTA_TIMEOUT */, htonl(120));
	mnl_attr_put_u16(nlh, 18 /* CTA_ZONE */, htons(5));
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, NFQA_CT_INFO, htonl(2 /* IP_CT_NEW */));
	mnl_attr_put_u32(nlh, NFQA_CAP_LEN, htonl(1500));
	mnl_attr_put_u32(nlh, NFQA_SKB_INFO, htonl(NFQA_SKB_CSUMNOTREADY | NFQA_SKB_GSO));
	mnl_attr_put_u32(nlh, NFQA_UID, htonl(1000));
	mnl_attr_put_u32(nlh, NFQA_GID, htonl(100));
	mnl_attr_put_strz(nlh, NFQA_SECCTX, "system_u:object_r:x:s0");
	nest = mnl_attr_nest_start(nlh, NFQA_VLAN);
	mnl_attr_put_u16(nlh, NFQA_VLAN_PROTO, htons(0x8100));
	mnl_attr_put_u16(nlh, NFQA_VLAN_TCI, htons(0x2005));
	mnl_attr_nest_end(nlh, nest);
	static const unsigned char l2[14] = {0, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0};
	mnl_attr_put(nlh, NFQA_L2HDR, sizeof(l2), l2);
	mnl_attr_put_u32(nlh, NFQA_PRIORITY, htonl(6));
	mnl_attr_put_u32(nlh, 30 /* unknown to nfkit */, htonl(0xcafe));
	static const unsigned char ip[20] = {0x45, 0, 0, 20, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2};
	mnl_attr_put(nlh, NFQA_PAYLOAD, sizeof(ip), ip);
	dump("packet_all_attrs", nlh);
}

static int cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr[NFQA_MAX + 1] = {};
	int *left = data;
	char name[32];
	if (nfq_nlmsg_parse(nlh, attr) < 0 || !attr[NFQA_PACKET_HDR]) return MNL_CB_ERROR;
	struct nfqnl_msg_packet_hdr *ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
	snprintf(name, sizeof(name), "packet_%d", *left);
	dump(name, nlh);
	(*left)--;
	return MNL_CB_OK;
	(void)ph;
}

static void recv_packets(int q, int n, unsigned flags)
{
	char buf[70000];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) { perror("socket"); exit(1); }
	struct nlmsghdr *nlh = nfq_nlmsg_put(buf, NFQNL_MSG_CONFIG, q);
	nfq_nlmsg_cfg_put_cmd(nlh, AF_UNSPEC, NFQNL_CFG_CMD_BIND);
	nfq_nlmsg_cfg_put_params(nlh, NFQNL_COPY_PACKET, 0xffff);
	mnl_attr_put_u32(nlh, NFQA_CFG_MASK, htonl(flags));
	mnl_attr_put_u32(nlh, NFQA_CFG_FLAGS, htonl(flags));
	nlh->nlmsg_flags |= NLM_F_ACK;
	int r;
	for (int try = 0;; try++) { /* EAGAIN while the kernel loads nf_conntrack_netlink */
		char req[512];
		memcpy(req, nlh, nlh->nlmsg_len);
		if (mnl_socket_sendto(nl, req, nlh->nlmsg_len) < 0) { perror("bind"); exit(1); }
		r = mnl_socket_recvfrom(nl, req, sizeof(req));
		if (r >= 0 && mnl_cb_run(req, r, 0, 0, NULL, NULL) >= 0) break;
		if (errno != EAGAIN || try > 20) { perror("bind ack"); exit(1); }
		usleep(100000);
	}
	printf("ready\n");
	fflush(stdout);
	int left = n;
	while (left > 0) {
		r = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (r < 0) { perror("recv"); exit(1); }
		nlh = (struct nlmsghdr *)buf;
		if (nlh->nlmsg_type != ((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET)) continue;
		struct nlattr *attr[NFQA_MAX + 1] = {};
		nfq_nlmsg_parse(nlh, attr);
		struct nfqnl_msg_packet_hdr *ph = mnl_attr_get_payload(attr[NFQA_PACKET_HDR]);
		mnl_cb_run(buf, r, 0, 0, cb, &left);
		char out[256];
		struct nlmsghdr *v = nfq_nlmsg_put(out, NFQNL_MSG_VERDICT, q);
		nfq_nlmsg_verdict_put(v, ntohl(ph->packet_id), NF_ACCEPT);
		mnl_socket_sendto(nl, v, v->nlmsg_len);
	}
	fflush(stdout);
	mnl_socket_close(nl);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "build")) { build(); return 0; }
	if (argc >= 5 && !strcmp(argv[1], "recv")) {
		recv_packets(atoi(argv[2]), atoi(argv[3]), strtoul(argv[4], NULL, 0));
		return 0;
	}
	fprintf(stderr, "usage: capture build | capture recv QUEUE COUNT FLAGS\n");
	return 2;
}
