/*  imi_modules: the node's subsystems, in the order they start (each
    one's imi_module_t, imi_module.h). A new subsystem is a row here.
*/
#ifndef IMI_MODULES_H
#define IMI_MODULES_H

#include "imi_module.h"

//  NULL-terminated, for imi_node_new.
extern const imi_module_t *const imi_modules [];

#endif
