"""Deep Python work run in one chunk of the interpreter's frame stack.

CPython 3.11 keeps the frames of Python calls on a stack it allocates in chunks of 16 KiB
(each mapped from the kernel on its own), and gives a chunk back as soon as the call that
needed it returns. Code that recurses deep and calls small functions there, as WeasyPrint's
layout does, can sit on a chunk's edge: each of those calls then maps a chunk, faults its page
in and unmaps it again. A render of the 15-page agreement did that ~9 700 times, 10% of its
CPU in the kernel and more in the calls (bench/pdf.py prints the page faults a render).

`in_one_stack_chunk` calls a function from a frame that reserves room for ~800 KB of frame
slots, so that CPython gives that frame a chunk of 1 MiB, and the calls made inside it have
the ~220 KiB left over (some 10 000 frames deep) before they need another. The chunk is mapped
once per call; only the pages the frames touch are faulted in. Deeper calls than that simply
get chunks as before. Harmless on a Python whose frame stack works otherwise: one large frame.
"""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

# The carrier frame's value-stack size in slots (8 bytes each): 800 000 bytes, with the
# frame's own overhead just under CPython's 1 MiB chunk size after doubling from 16 KiB.
RESERVED_SLOTS = 100_000


def _carrier(function, args, kwargs):
    return function(*args, **kwargs)


# A larger co_stacksize than the code needs is always safe: only the frame grows.
_carrier.__code__ = _carrier.__code__.replace(co_stacksize=RESERVED_SLOTS)


def in_one_stack_chunk(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """function(*args, **kwargs), its calls kept in one chunk of the frame stack."""
    return _carrier(function, args, kwargs)
