"""Counting what a call costs in fresh memory from every depth of the interpreter's frame stack
(navpartner/stack.py): a call whose hottest inner calls sit on a chunk's edge maps, faults in
and unmaps a chunk on each of them, which shows as page faults."""

import resource


def page_faults() -> int:
    """This process's minor page faults so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def at_depth(depth: int, function):
    """function() called `depth` frames deeper than this call."""
    return at_depth(depth - 1, function) if depth else function()


def most_page_faults(function, depths) -> int:
    """The most page faults function() took, called from each of the depths (over a chunk's
    worth of frames: its edge is somewhere in them)."""
    most = 0
    for depth in depths:
        before = page_faults()
        at_depth(depth, function)
        most = max(most, page_faults() - before)
    return most
