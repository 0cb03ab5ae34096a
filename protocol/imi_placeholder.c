/* placeholder until the protocol layer lands */
typedef int imi_protocol_placeholder_t;
