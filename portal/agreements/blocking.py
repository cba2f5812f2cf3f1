"""pyHanko's synchronous API calls asyncio.run(); this lets it run where an event loop already runs.

That happens when the portal's code is called from a thread driving an event loop (for
example the test suite's browser fixtures, or an async worker): the call then runs in a short-
lived thread of its own.
"""
import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_blocking(function, *args, **kwargs):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()
