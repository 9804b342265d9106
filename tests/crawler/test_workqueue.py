"""The night's queue of portals on the real Redis: claims, per-host exclusion, dead workers."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from crawler.workqueue import NightQueue
from tests import warmcli

redis = pytest.importorskip("redis")

REDIS_URL = os.environ.get("EDUNOTICE_TEST_REDIS", "redis://127.0.0.1:6379/0")
HOSTS = {"a_edu": ["a.example:8001"], "b_edu": ["a.example:8001"], "c_edu": ["c.example"]}


@pytest.fixture
def client():
    conn = redis.Redis.from_url(REDIS_URL)
    prefix = f"edunotice-test-{uuid.uuid4().hex[:10]}"
    yield conn, prefix
    keys = list(conn.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        conn.delete(*keys)
    conn.close()


def night(client, ttl: float = 30.0) -> NightQueue:
    conn, prefix = client
    queue = NightQueue(conn, prefix, "n1", ttl)
    queue.create_or_join({pid: {"id": pid} for pid in HOSTS}, HOSTS)
    return queue


def test_the_first_command_makes_the_night_and_the_next_joins_it_without_adding_portals(client):
    queue = night(client)
    again = NightQueue(client[0], client[1], "n1")
    assert again.create_or_join({"x_edu": {"id": "x_edu"}}, {"x_edu": ["x.example"]}) is False
    assert queue.progress().portals == 3 and queue.progress().pending == 3
    assert queue.definition("a_edu") == {"id": "a_edu"}


def test_two_portals_of_one_host_are_never_claimed_at_once(client):
    queue = night(client)
    for worker in ("w1", "w2"):
        queue.beat(worker, None)
    assert queue.claim("w1", time.time()) == "a_edu"
    # b_edu shares a.example:8001 with the running a_edu: the next claim skips it.
    assert queue.claim("w2", time.time()) == "c_edu"
    assert queue.claim("w2", time.time()) is None
    assert queue.finish("w1", "a_edu", {"portal_id": "a_edu", "status": "ok"}) is True
    assert queue.claim("w2", time.time()) == "b_edu"
    assert queue.progress().running == {"b_edu": "w2", "c_edu": "w2"}


def test_a_dead_workers_portal_goes_back_first_and_frees_its_host(client):
    queue = night(client, ttl=1.0)
    queue.beat("dead", None)
    queue.beat("alive", None)
    assert queue.claim("dead", time.time()) == "a_edu"
    assert queue.requeue_dead() == []  # its key is still alive
    time.sleep(1.2)  # "dead" stops beating; "alive" renews
    queue.beat("alive", None)
    assert queue.requeue_dead() == [("a_edu", "dead")]
    assert queue.requeued("a_edu") == 1
    assert queue.claim("alive", time.time()) == "a_edu"  # head of the queue, host free again
    # The dead worker's late report does not take the portal back from the live one.
    assert queue.finish("dead", "a_edu", {"portal_id": "a_edu", "status": "ok"}) is False
    assert queue.progress().running == {"a_edu": "alive"}


def test_a_portal_given_back_waits_for_its_time(client):
    queue = night(client)
    queue.beat("w1", None)
    assert queue.claim("w1", time.time()) == "a_edu"
    assert queue.retry_later("w1", "a_edu", time.time() + 60) == 1
    assert queue.claim("w1", time.time()) == "b_edu"  # same host, now free
    queue.finish("w1", "b_edu", {})
    assert queue.claim("w1", time.time()) == "c_edu"
    assert queue.claim("w1", time.time()) is None  # a_edu not before a minute
    assert queue.claim("w1", time.time() + 61) == "a_edu"


@pytest.mark.parametrize(("redis_url", "said"), [(None, "set EDUNOTICE_REDIS_URL"),
                                                  ("redis://127.0.0.1:1/0", "cannot reach Redis at")])
def test_workers_without_redis_stop_with_exit_2_saying_what_to_do(tmp_path, redis_url, said):
    env = {k: v for k, v in os.environ.items() if k != "EDUNOTICE_REDIS_URL"}
    if redis_url:
        env["EDUNOTICE_REDIS_URL"] = redis_url
    env["EDUNOTICE_DATA_DIR"] = str(tmp_path)
    portal = tmp_path / "p_edu.yaml"
    portal.write_text("id: p_edu\nname: P\nstart_urls: [http://127.0.0.1:9/jyj/]\nallow_private_addresses: true\n",
                      encoding="utf-8")
    result = warmcli.run(["crawl", "--portal-file", str(portal), "--workers", "2",
                          "--db", f"sqlite:///{tmp_path / 'a.sqlite'}"], env=env, timeout=120)
    assert result.returncode == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "a.sqlite").exists()  # refused before the archive is touched


def test_a_finished_night_named_again_is_refused_with_exit_2(client, tmp_path):
    conn, prefix = client
    queue = NightQueue(conn, prefix, "done-night")
    queue.create_or_join({"p_edu": {"id": "p_edu"}}, {"p_edu": ["127.0.0.1:9"]})
    queue.beat("w1", None)
    assert queue.claim("w1", time.time()) == "p_edu"
    queue.finish("w1", "p_edu", {"portal_id": "p_edu", "run_id": 1, "status": "ok"})
    portal = tmp_path / "p_edu.yaml"
    portal.write_text("id: p_edu\nname: P\nstart_urls: [http://127.0.0.1:9/jyj/]\nallow_private_addresses: true\n",
                      encoding="utf-8")
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(tmp_path), "EDUNOTICE_REDIS_URL": REDIS_URL,
           "EDUNOTICE_REDIS_PREFIX": prefix}
    result = warmcli.run(["crawl", "--portal-file", str(portal), "--workers", "1",
                          "--night", "done-night", "--db", f"sqlite:///{tmp_path / 'a.sqlite'}"], env=env, timeout=120)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "the night 'done-night' is already finished (1 portals" in result.stderr
    assert "give another --night name" in result.stderr and result.stdout == ""
