/*  imi_modules: the node's subsystems, in the order they start: what a
    module opens at start may be used by the modules after it (the
    directory and the repository read the catalogue). They stop in
    reverse order.
*/
#include "imi_modules.h"
#include "imi_alerts.h"
#include "imi_cases.h"
#include "imi_catalogue.h"
#include "imi_control.h"
#include "imi_dirsync.h"
#include "imi_http.h"
#include "imi_notifications.h"
#include "imi_operator.h"
#include "imi_recovery.h"
#include "imi_translate.h"
#include "imi_witness.h"

const imi_module_t *const imi_modules [] = {
    &imi_catalogue_module,
    &imi_notifications_module,
    &imi_directory_module,
    &imi_cases_module,
    &imi_alerts_module,
    &imi_witness_module,
    &imi_translate_module,
    &imi_operator_module,
    &imi_recovery_module,
    &imi_control_module,
    &imi_http_module,                   //  last: its clients are the control module's
    NULL
};
