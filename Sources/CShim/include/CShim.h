#ifndef BERTH_CSHIM_H
#define BERTH_CSHIM_H
// Small C helpers Swift cannot express safely. See STYLE.md.
int berth_cshim_version(void);
#endif
