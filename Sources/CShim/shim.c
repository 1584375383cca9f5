#include "CShim.h"
int berth_cshim_version(void) { return 1; }
