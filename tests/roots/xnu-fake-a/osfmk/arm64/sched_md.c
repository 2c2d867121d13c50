#include <kern/sched.h>

void
thread_block(void)
{
}
