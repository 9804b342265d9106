"""The night's queue of portals in Redis, shared by every worker on every machine.

One portal is one job: a portal is crawled by one run at a time (its lease in the archive,
``archive.lease``), so the unit that workers share is the portal, not the request. The
queue is a handful of Redis keys under one prefix (``<prefix>:<night>:``):

- ``portals`` (set) every portal of the night; ``definitions`` / ``hosts`` (hashes) each
  portal's definition (so a worker on another machine needs no portal file) and the
  host[:port] keys it visits;
- ``pending`` (list) portals not started yet, or given back;
- ``running`` (hash) portal -> the worker crawling it; ``worker:<id>`` a key each live worker
  renews (it expires ``ttl`` after the worker dies, SIGKILL included);
- ``host:<host[:port]>`` who is crawling that host now: a portal is claimed only when none of
  its hosts is busy, so two portals of one host never run at once, on any worker or machine,
  and the per-portal ``download_delay``/concurrency is the politeness the host sees;
- ``results`` (hash) portal -> its run summary (JSON); ``requeued`` / ``attempts`` /
  ``not_before`` for portals taken back from a dead worker.

Every step that reads and writes several keys is one Lua script, so it is atomic across
workers (a single Redis server; the scripts build key names, so Redis Cluster is not
supported). A worker whose ``worker:<id>`` key is gone is dead: any other worker moves its
portals back to the head of ``pending`` (:meth:`NightQueue.requeue_dead`) and frees its hosts.
"""

from __future__ import annotations

import json
import socket
import uuid
from dataclasses import dataclass

KEEP_SECONDS = 2 * 24 * 3600  # a night's keys are kept this long after their last change

_CLAIM = """
local p = ARGV[1]
local ids = redis.call('LRANGE', p .. 'pending', 0, tonumber(ARGV[5]) - 1)
for _, id in ipairs(ids) do
  if redis.call('HEXISTS', p .. 'results', id) == 1 then
    redis.call('LREM', p .. 'pending', 1, id)
  else
    local nb = redis.call('HGET', p .. 'not_before', id)
    if (not nb) or tonumber(nb) <= tonumber(ARGV[4]) then
      local hosts = cjson.decode(redis.call('HGET', p .. 'hosts', id) or '[]')
      local free = true
      for _, h in ipairs(hosts) do
        if redis.call('EXISTS', p .. 'host:' .. h) == 1 then free = false break end
      end
      if free then
        redis.call('LREM', p .. 'pending', 1, id)
        for _, h in ipairs(hosts) do
          redis.call('SET', p .. 'host:' .. h, ARGV[2] .. ' ' .. id, 'PX', ARGV[3])
        end
        redis.call('HSET', p .. 'running', id, ARGV[2])
        return id
      end
    end
  end
end
return false
"""

_RELEASE_HOSTS = """
local function release(p, worker, id)
  local hosts = cjson.decode(redis.call('HGET', p .. 'hosts', id) or '[]')
  for _, h in ipairs(hosts) do
    if redis.call('GET', p .. 'host:' .. h) == worker .. ' ' .. id then redis.call('DEL', p .. 'host:' .. h) end
  end
end
"""

_BEAT = """
local p = ARGV[1]
redis.call('SET', p .. 'worker:' .. ARGV[2], '1', 'PX', ARGV[3])
local id = ARGV[4]
if id ~= '' then
  local hosts = cjson.decode(redis.call('HGET', p .. 'hosts', id) or '[]')
  for _, h in ipairs(hosts) do
    if redis.call('GET', p .. 'host:' .. h) == ARGV[2] .. ' ' .. id then
      redis.call('PEXPIRE', p .. 'host:' .. h, ARGV[3])
    end
  end
end
return 1
"""

_FINISH = _RELEASE_HOSTS + """
local p = ARGV[1]
local mine = redis.call('HGET', p .. 'running', ARGV[3]) == ARGV[2]
if mine then redis.call('HDEL', p .. 'running', ARGV[3]) end
redis.call('HSET', p .. 'results', ARGV[3], ARGV[4])
release(p, ARGV[2], ARGV[3])
return mine and 1 or 0
"""

_RETRY = _RELEASE_HOSTS + """
local p = ARGV[1]
if redis.call('HGET', p .. 'running', ARGV[3]) == ARGV[2] then redis.call('HDEL', p .. 'running', ARGV[3]) end
release(p, ARGV[2], ARGV[3])
redis.call('HSET', p .. 'not_before', ARGV[3], ARGV[4])
redis.call('RPUSH', p .. 'pending', ARGV[3])
return redis.call('HINCRBY', p .. 'attempts', ARGV[3], 1)
"""

_REQUEUE_DEAD = _RELEASE_HOSTS + """
local p = ARGV[1]
local running = redis.call('HGETALL', p .. 'running')
local moved = {}
for i = 1, #running, 2 do
  local id, worker = running[i], running[i + 1]
  if redis.call('EXISTS', p .. 'worker:' .. worker) == 0 then
    redis.call('HDEL', p .. 'running', id)
    release(p, worker, id)
    redis.call('LPUSH', p .. 'pending', id)
    redis.call('HINCRBY', p .. 'requeued', id, 1)
    table.insert(moved, id)
    table.insert(moved, worker)
  end
end
return moved
"""


def worker_id() -> str:
    """``host:pid:random``: readable by a person, unique across machines and pid reuse."""
    import os

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def worker_pid(worker: str) -> int:
    return int(worker.split(":")[-2])


@dataclass(frozen=True)
class Progress:
    portals: int
    pending: int
    running: dict[str, str]  # portal -> worker
    finished: int

    @property
    def done(self) -> bool:
        return self.finished >= self.portals or (self.pending == 0 and not self.running)


class NightQueue:
    """One night's queue of portals: :meth:`create_or_join`, then workers :meth:`claim`,
    :meth:`beat`, :meth:`finish`; anyone may :meth:`requeue_dead`."""

    def __init__(self, client, prefix: str, night: str, ttl: float = 30.0):
        self.r = client
        self.prefix = f"{prefix}:{night}:"
        self.ttl_ms = max(int(ttl * 1000), 1000)
        self._claim = client.register_script(_CLAIM)
        self._beat = client.register_script(_BEAT)
        self._finish = client.register_script(_FINISH)
        self._retry = client.register_script(_RETRY)
        self._requeue = client.register_script(_REQUEUE_DEAD)

    def key(self, name: str) -> str:
        return self.prefix + name

    def create_or_join(self, definitions: dict[str, dict], hosts: dict[str, list[str]]) -> bool:
        """Put the portals in the queue unless this night exists; True when this call made it."""
        if not self.r.set(self.key("created"), socket.gethostname(), nx=True, ex=KEEP_SECONDS):
            return False
        with self.r.pipeline() as pipe:
            pipe.hset(self.key("definitions"), mapping={k: json.dumps(v, ensure_ascii=False)
                                                        for k, v in definitions.items()})
            pipe.hset(self.key("hosts"), mapping={k: json.dumps(v) for k, v in hosts.items()})
            pipe.sadd(self.key("portals"), *definitions)
            pipe.rpush(self.key("pending"), *definitions)
            pipe.execute()
        self.keep()
        return True

    def keep(self) -> None:
        """Push the expiry of every key of the night on (keys made later get it here too)."""
        with self.r.pipeline() as pipe:
            for name in ("created", "definitions", "hosts", "portals", "pending", "running", "results",
                         "requeued", "attempts", "not_before"):
                pipe.expire(self.key(name), KEEP_SECONDS)
            pipe.execute()

    def claim(self, worker: str, now: float, scan: int = 200) -> str | None:
        """The next portal none of whose hosts is being crawled, now held by ``worker``."""
        found = self._claim(args=[self.prefix, worker, self.ttl_ms, int(now * 1000), scan])
        return found.decode() if isinstance(found, bytes) else found

    def beat(self, worker: str, portal_id: str | None) -> None:
        """I am alive: renew ``worker:<id>`` and the host keys of the portal I crawl."""
        self._beat(args=[self.prefix, worker, self.ttl_ms, portal_id or ""])

    def finish(self, worker: str, portal_id: str, summary: dict) -> bool:
        """Store the portal's summary and free its hosts; False when it had been taken from us."""
        mine = self._finish(args=[self.prefix, worker, portal_id, json.dumps(summary, ensure_ascii=False)])
        self.keep()
        return bool(mine)

    def retry_later(self, worker: str, portal_id: str, not_before: float) -> int:
        """Give the portal back, not to be claimed before ``not_before``; returns its attempts."""
        return int(self._retry(args=[self.prefix, worker, portal_id, int(not_before * 1000)]))

    def requeue_dead(self) -> list[tuple[str, str]]:
        """Portals of workers whose heartbeat expired, back at the head of the queue."""
        moved = [m.decode() if isinstance(m, bytes) else m for m in self._requeue(args=[self.prefix])]
        return list(zip(moved[::2], moved[1::2], strict=True))

    def requeued(self, portal_id: str) -> int:
        return int(self.r.hget(self.key("requeued"), portal_id) or 0)

    def definition(self, portal_id: str) -> dict:
        return json.loads(self.r.hget(self.key("definitions"), portal_id))

    def progress(self) -> Progress:
        with self.r.pipeline() as pipe:
            pipe.scard(self.key("portals"))
            pipe.llen(self.key("pending"))
            pipe.hgetall(self.key("running"))
            pipe.hlen(self.key("results"))
            portals, pending, running, finished = pipe.execute()
        return Progress(portals, pending, {_s(k): _s(v) for k, v in running.items()}, finished)

    def results(self) -> dict[str, dict]:
        return {_s(k): json.loads(v) for k, v in self.r.hgetall(self.key("results")).items()}


def _s(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
