"""navpartner/stack.py: a call kept in one chunk of the interpreter's frame stack maps no
chunk on its inner calls, whatever depth it is made from, and is otherwise the call itself."""

import pytest

from navpartner.stack import in_one_stack_chunk
from tests.frame_stack import most_page_faults


def _hot_leaf_calls():
    for _ in range(300):
        _noop()


def _noop():
    return None


def test_deep_calls_map_no_frame_stack_memory_when_kept_in_one_chunk():
    # At a chunk's edge every one of the 300 calls maps a fresh chunk (a page fault each).
    assert most_page_faults(_hot_leaf_calls, range(400)) >= 300
    assert in_one_stack_chunk(most_page_faults, _hot_leaf_calls, range(400)) < 30


def test_in_one_stack_chunk_passes_arguments_results_and_errors():
    assert in_one_stack_chunk(divmod, 17, 5) == (3, 2)
    assert in_one_stack_chunk(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]
    with pytest.raises(ZeroDivisionError):
        in_one_stack_chunk(divmod, 1, 0)
