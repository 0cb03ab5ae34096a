/* placeholder until the node layer lands */
typedef int imi_node_placeholder_t;
