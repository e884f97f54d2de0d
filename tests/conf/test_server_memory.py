"""The web server keeps what the master imported shared with its workers."""

import gc

from achterkant.conf import server


def test_the_master_freezes_its_objects_before_each_fork():
    hook = server.options("127.0.0.1:0")["pre_fork"]
    gc.unfreeze()
    try:
        hook(None, None)
        # Frozen objects are never scanned by a worker's collections, so the pages that
        # hold them are not copied into every worker.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
