/* Never indexed: tests/ is excluded. */
int
thread_invoke(void)
{
	return 0;
}
