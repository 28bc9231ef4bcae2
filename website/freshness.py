"""What is public now: the database says so, in the transaction that changes it.

Every save or delete of content (and every change of a many-to-many relation between
content) writes a *change* in the same transaction: the next number of the content clock
(one row, ``vwn_content_clock``) and the items it touched (``vwn_content_change``: e.g.
``projects.project:12`` and the list it is part of, ``projects.project``). The clock's
row stays locked until the transaction ends, so changes commit in the order of their
numbers: a process that reads number N knows that every change up to N is committed and
readable. A number is the time of its change in microseconds (or the previous number plus
one, when this machine's clock lags), never reused.

Each process keeps its *knowledge* of the changes (``Knowledge``): the newest number, the
number of each item's newest change and the next scheduled moment (``moments`` of the
content declarations). A thread of the process reads the clock every
``PAGE_CACHE_POLL_SECONDS`` (0.2 s) with a connection of its own, and the changes since
when it moved. A page cached anywhere (a worker's memory, Redis, ...) records the number
known when it was rendered and the items it was rendered from; it is served only while
no known change touches them and the knowledge is at most ``PAGE_CACHE_STALENESS`` (1 s)
old. So a change committed by any process on any machine (a web worker, ``manage.py
shell``, an import, a restore) is seen by every worker within a second; no process memory,
cache outage or restart can lose it, and Redis is only a speed-up.

A change made without signals (``QuerySet.update()``, raw SQL) is recorded with
``record_change()`` (every item) in its transaction.
"""

import bisect
import datetime
import logging
import os
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from content.registry import content_options

logger = logging.getLogger(__name__)

CLOCK_TABLE = "vwn_content_clock"
CHANGE_TABLE = "vwn_content_change"
# The item every page depends on: a change of it makes everything stale.
EVERYTHING = "*"
# Written with the items of a change that may take something off a public page (an item
# unpublished or deleted, a relation removed, a photo replaced or withdrawn, ...): no page
# it touches is served as it was while it is rendered again (``State.may_revalidate``).
TAKEDOWN = "!"


# -- writing: in the transaction of the change --------------------------------------------


def now_microseconds():
    return time.time_ns() // 1000


def record_change(items=(EVERYTHING,), using=DEFAULT_DB_ALIAS):
    """Write a change of ``items`` in the current transaction (or one of its own) and
    return its number. The clock's row stays locked until the transaction ends."""
    items = sorted(set(items)) or [EVERYTHING]
    now = now_microseconds()
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        cursor.execute(
            f"UPDATE {CLOCK_TABLE} SET number = CASE WHEN number + 1 > %s "
            "THEN number + 1 ELSE %s END WHERE id = 1 RETURNING number, epoch",
            [now, now],
        )
        number, epoch = cursor.fetchone()
        cursor.executemany(
            f"INSERT INTO {CHANGE_TABLE} (number, item) VALUES (%s, %s)",
            [(number, item) for item in items],
        )
        if number % 256 == 0:  # now and then: forget what no cached page can predate
            cursor.execute(
                f"DELETE FROM {CHANGE_TABLE} WHERE number < %s",
                [now - retention_seconds() * 1_000_000],
            )
    knowledge.changed_here()
    # And again once it is committed: a request of another thread that read the clock in
    # between saw the number before this change and cleared the mark (where no thread
    # polls: tests, runserver), which would leave this process on that state.
    transaction.on_commit(knowledge.changed_here, using=using)
    transaction.on_commit(knowledge.wake, using=using)
    transaction.on_commit(lambda: announce(epoch, number), using=using)
    return number


# -- the clock's newest number in the shared cache: only for a database that does not answer


RAISE = (
    "local known = tonumber(redis.call('get', KEYS[1]) or '-1') "
    "if tonumber(ARGV[1]) > known then redis.call('set', KEYS[1], ARGV[1], 'EX', 86400) end "
    "return 1"
)


def redis_client():
    """The redis-py client of the default cache, or None (another backend, circuit open)."""
    from django.core.cache import cache

    backend = getattr(cache, "_cache", None)
    circuit = getattr(backend, "circuit", None)
    if circuit is None or circuit.is_open:
        return None
    return backend.get_client(write=True)


def announce(epoch, number):
    """Raise the shared cache's copy of the clock to ``number`` (never lower it): written
    by the process that committed a change and by every process that read one."""
    client = redis_client()
    if client is not None:
        try:
            client.eval(RAISE, 1, f"vwn:clock:{epoch}", number)
        except Exception:
            logger.warning("Could not announce change %s", number, exc_info=True)


def announced(epoch):
    client = redis_client()
    if client is None:
        return None
    try:
        value = client.get(f"vwn:clock:{epoch}")
    except Exception:
        return None
    return None if value is None else int(value)


def retention_seconds():
    """Changes are kept longer than any page may be stored, so every stored page can still
    be checked against all the changes made since it was rendered."""
    return settings.PAGE_CACHE_SECONDS + 3600


def read_clock(using=DEFAULT_DB_ALIAS):
    """(epoch, number) of the clock, read now."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT epoch, number FROM {CLOCK_TABLE} WHERE id = 1")
        return tuple(cursor.fetchone())


# -- scheduled moments ----------------------------------------------------------------------


def moment_of(value):
    """A declared moment as an aware datetime; a date counts from the start of the next
    day (local time), when "its end date has passed" becomes true."""
    if isinstance(value, datetime.datetime):
        return value
    start = datetime.datetime.combine(value + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


def next_scheduled_moment(now=None, using=DEFAULT_DB_ALIAS):
    """The first moment after ``now`` at which the public pages change without a save
    (the ``moments`` of the content declarations), or None."""
    return scheduled_moments(now, using)[1]


def scheduled_moments(now=None, using=DEFAULT_DB_ALIAS):
    """(the latest declared moment that has passed, the first still to come), either None
    when there is none: one query per model that declares moments."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    passed, upcoming = [], []
    for options in content_options():
        if not options.moments:
            continue
        aggregates = {}
        for name in options.moments:
            model_field = options.model._meta.get_field(name)
            if isinstance(model_field, models.DateTimeField):
                ahead = Q(**{f"{name}__gt": now})
            else:  # a date's moment is the next day's start
                ahead = Q(**{f"{name}__gte": today})
            aggregates[f"next_{name}"] = Min(name, filter=ahead)
            aggregates[f"last_{name}"] = Max(name, filter=~ahead)
        found = options.model._base_manager.using(using).aggregate(**aggregates)
        for name, value in found.items():
            if value is not None:
                (upcoming if name.startswith("next_") else passed).append(moment_of(value))
    return max(passed, default=None), min(upcoming, default=None)


# -- reading: each process's knowledge ------------------------------------------------------


# How many of the newest changes each process keeps in order, to check a page against
# the changes made since it was rendered rather than against everything it shows.
RECENT_CHANGES = 10_000


@dataclass(frozen=True)
class State:
    """What a process knows, replaced whole by each poll (requests read it without a lock)."""

    epoch: str
    number: int
    changed: dict = field(repr=False)  # item -> number of its newest change
    moment: datetime.datetime | None  # the next scheduled moment, or None
    passed: datetime.datetime | None  # the latest scheduled moment that has passed
    polled_at: float  # time.monotonic() when the poll that read it began
    # The changes after ``floor`` in the order of their numbers: (numbers, items).
    recent: tuple = field(default=((), ()), repr=False)
    floor: int = 0

    def stamp(self):
        return (self.epoch, self.number)

    def last_modified(self):
        """When what the pages show last changed: the newest change or the latest moment
        that passed (seconds since the epoch), or None before any."""
        times = [self.number // 1_000_000]
        if self.passed is not None:
            times.append(int(self.passed.timestamp()))
        return max(times) or None

    def serves(self, entry, now):
        """May a cached ``entry`` (its stamp, items and not_after) be served ``now``?"""
        if entry["not_after"] <= now:
            return False
        if entry.get("checked") == (self.epoch, self.number):
            return True  # checked against exactly these changes before
        return self.is_fresh(entry["stamp"], entry["items"], entry["not_after"], now)

    def is_fresh(self, stamp, items, not_after, now):
        """Is a page rendered at ``stamp`` from ``items`` (None: from everything) current?"""
        epoch, number = stamp
        if epoch != self.epoch or not_after <= now:
            return False
        if number >= self.number:
            return True  # nothing has changed since it was rendered
        if items is None:
            return False
        if number >= self.floor:
            numbers, changed_items = self.recent
            start = bisect.bisect_right(numbers, number)
            return not any(item == EVERYTHING or item in items for item in changed_items[start:])
        changed = self.changed
        if changed.get(EVERYTHING, -1) > number:
            return False
        return all(changed.get(item, -1) <= number for item in items)

    def may_revalidate(self, entry, now, wall=None):
        """May a stale ``entry`` still be served while it is rendered again (stale while
        revalidate)? Only when every change since it was rendered that touches it is an
        update of a page that stays public (no ``TAKEDOWN``: texts edited, an object
        added), the first of them was committed at most PAGE_CACHE_REVALIDATE_SECONDS ago
        (its number is its time), and the entry has not ended (a scheduled moment)."""
        epoch, number = entry["stamp"]
        items = entry["items"]
        if epoch != self.epoch or entry["not_after"] <= now or items is None:
            return False
        if number < self.floor:
            return False  # older than the changes kept in order: not known to be updates
        numbers, changed_items = self.recent
        start = bisect.bisect_right(numbers, number)
        touching, takedowns = set(), set()
        for change, item in zip(numbers[start:], changed_items[start:], strict=True):
            if item == TAKEDOWN:
                takedowns.add(change)
            elif item == EVERYTHING:
                return False
            elif item in items:
                touching.add(change)
        if not touching or touching & takedowns:
            return False
        wall = now_microseconds() if wall is None else wall
        return wall - min(touching) <= settings.PAGE_CACHE_REVALIDATE_SECONDS * 1_000_000


class Knowledge:
    """This process's knowledge of the changes (see the module docstring)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.wakeup = threading.Event()
        self.thread_pid = None
        # Called by the thread after each poll that learnt of changes, with the new state
        # and the number known before (front cache bans); the preparers before the new
        # state is served (the warm-up), with the new and old state and a deadline.
        self.listeners = []
        self.preparers = []
        self.forget()

    def forget(self):
        self.state = None
        self.outage_check = None
        self.failing = False  # the last poll failed (a database restarting, refusing)
        self.dirty = True
        self.poll_started = None
        self.last_error_logged = 0.0

    # - for requests -

    def current(self):
        """The state, if at most PAGE_CACHE_STALENESS old, else None (then nothing cached
        may be served). Polls first where no thread does (tests) or the process has none.
        In a thread rendering pages ahead of a new state (``rendering_under``): that one."""
        ahead = getattr(_rendering, "state", None)
        if ahead is not None:
            return ahead
        if settings.PAGE_CACHE_POLL_IN_THREAD:
            self.start()
            if self.state is None:
                self.poll_now()
        elif (
            self.dirty
            or self.state is None
            or self.age() > settings.PAGE_CACHE_POLL_SECONDS
            or (self.state.moment is not None and self.state.moment <= timezone.now())
        ):
            self.poll_now()
        state = self.state
        if state is None or time.monotonic() - state.polled_at > settings.PAGE_CACHE_STALENESS:
            return self.while_the_database_hangs(state)
        return state

    def while_the_database_hangs(self, state):
        """The last state, while the database does not answer (a poll hangs or failed) and
        the shared cache says no change was made since (every process that commits or
        reads a change raises its copy of the clock there): cached pages are then still
        served, for at most
        PAGE_CACHE_DATABASE_OUTAGE_SECONDS. A change this process cannot see (the database
        is frozen for it alone, or it is cut off from it) shows there, and then nothing
        cached is served. Checked at most once per PAGE_CACHE_POLL_SECONDS."""
        if state is None or not settings.PAGE_CACHE_POLL_IN_THREAD:
            return None
        if not (self.database_hangs() or self.failing):
            return None
        now = time.monotonic()
        if now - state.polled_at > settings.PAGE_CACHE_DATABASE_OUTAGE_SECONDS:
            return None
        checked = self.outage_check
        if (
            checked is None
            or checked[0] is not state
            or now - checked[1] > (settings.PAGE_CACHE_POLL_SECONDS)
        ):
            checked = self.outage_check = (state, now, announced(state.epoch) == state.number)
        return state if checked[2] else None

    def age(self):
        state = self.state
        return float("inf") if state is None else time.monotonic() - state.polled_at

    def database_hangs(self):
        """True while a poll has waited for the database longer than the staleness bound:
        the database does not answer (frozen, or the network to it dropped)."""
        started = self.poll_started
        return started is not None and time.monotonic() - started > settings.PAGE_CACHE_STALENESS

    def poll_now(self):
        try:
            self.poll()
        except Exception:
            self.log_failure()

    def changed_here(self):
        self.dirty = True

    def wake(self):
        self.wakeup.set()

    # - the poll -

    def poll(self, using=DEFAULT_DB_ALIAS, publish=True):
        """Read the clock and the changes since; the new state becomes this process's at
        once, or (``publish=False``) is returned for the caller to publish."""
        started = time.monotonic()
        self.poll_started = started
        try:
            old = self.state
            self.dirty = False
            with connections[using].cursor() as cursor:
                # One query, one snapshot: the clock and every change it has counted since.
                since = -1 if old is None else old.number
                cursor.execute(
                    f"SELECT c.epoch, c.number, ch.number, ch.item FROM {CLOCK_TABLE} c "
                    f"LEFT JOIN {CHANGE_TABLE} ch ON ch.number > %s WHERE c.id = 1",
                    [since],
                )
                rows = cursor.fetchall()
                epoch, number = rows[0][:2]
                if old is not None and (epoch != old.epoch or number < old.number):
                    # Another database (a restore): everything this process knew is void.
                    cursor.execute(
                        f"SELECT c.epoch, c.number, ch.number, ch.item FROM {CLOCK_TABLE} c "
                        f"LEFT JOIN {CHANGE_TABLE} ch ON ch.number > -1 WHERE c.id = 1"
                    )
                    rows = cursor.fetchall()
                    epoch, number = rows[0][:2]
                    old = None
            if old is not None and len(rows) == 1 and rows[0][2] is None:
                changed, recent, floor = old.changed, old.recent, old.floor  # nothing new
            else:
                changes = sorted((change, item) for _e, _n, change, item in rows if item)
                if old is None:
                    changed, recent, floor = {}, ((), ()), number
                else:
                    changed, recent, floor = dict(old.changed), old.recent, old.floor
                    recent = (
                        recent[0] + tuple(change for change, _item in changes),
                        recent[1] + tuple(item for _change, item in changes),
                    )
                    if len(recent[0]) > RECENT_CHANGES:
                        cut = len(recent[0]) - RECENT_CHANGES // 2
                        floor = recent[0][cut - 1]
                        recent = (recent[0][cut:], recent[1][cut:])
                for change, item in changes:
                    changed[item] = max(change, changed.get(item, -1))
                    number = max(number, change)
            now = timezone.now()
            if (
                old is None
                or changed is not old.changed
                or (old.moment is not None and old.moment <= now)
            ):
                passed, moment = scheduled_moments(now, using=using)
            else:
                passed, moment = old.passed, old.moment
            state = State(
                epoch, number, changed, moment, passed, started, recent=recent, floor=floor
            )
            if publish:
                self.state = state
            if (old is None or number != old.number) and settings.PAGE_CACHE_POLL_IN_THREAD:
                announce(epoch, number)
            return state
        finally:
            self.poll_started = None

    def log_failure(self):
        now = time.monotonic()
        if now - self.last_error_logged > 10:
            self.last_error_logged = now
            logger.warning("Could not read the content clock", exc_info=True)

    # - the thread -

    def start(self):
        """Start this process's polling thread (once per process: also after a fork)."""
        pid = os.getpid()
        if self.thread_pid == pid:
            return
        with self.lock:
            if self.thread_pid == pid:
                return
            self.forget()
            self.thread_pid = pid
            threading.Thread(target=self.run, name="content-clock", daemon=True).start()
            threading.Thread(target=self.watch, name="database-watchdog", daemon=True).start()

    def watch(self):
        """While the database hangs (the clock's reader has waited longer than the
        staleness bound), end every query of this process that has waited that long too,
        by shutting its connection's socket: the request gets the 503 page at once instead
        of waiting with a frozen database (a server that is stopped still acknowledges TCP,
        so no socket or server-side timeout would ever fire)."""
        while True:
            time.sleep(settings.PAGE_CACHE_POLL_SECONDS)
            if self.database_hangs():
                end_waiting_queries(time.monotonic() - settings.PAGE_CACHE_STALENESS)

    def run(self):
        while True:
            before = self.state
            try:
                after = self.poll(publish=False)
                changed = before is not None and after.number != before.number
                if changed:
                    self.prepare(after, before)
                self.state = after
                self.failing = False
                if changed:
                    for listener in self.listeners:
                        try:
                            listener(after, before.number)
                        except Exception:
                            logger.warning("After a change: %r failed", listener, exc_info=True)
            except Exception:
                self.failing = True
                self.log_failure()
                # A broken connection is opened again at the next poll.
                connections[DEFAULT_DB_ALIAS].close()
            self.wakeup.wait(settings.PAGE_CACHE_POLL_SECONDS)
            self.wakeup.clear()

    @contextmanager
    def rendering_under(self, state):
        """In the block, this thread renders pages for ``state`` before the process serves
        under it (the warm-up): whatever asks for the current state (the page cache, the
        projects list's facet index) gets ``state``, so nothing is read for the new pages
        as the old state knew it."""
        before = getattr(_rendering, "state", None)
        _rendering.state = state
        try:
            yield state
        finally:
            _rendering.state = before

    def prepare(self, after, before):
        """Before the process serves under ``after``: let the preparers (the warm-up)
        render the pages the changes made stale, for at most PAGE_CACHE_RENDER_AHEAD_SECONDS.
        Meanwhile requests are still served under ``before`` (at most that much later
        than the change, within the staleness bound), so visitors do not wait for the
        renders; then they find the new pages."""
        deadline = time.monotonic() + settings.PAGE_CACHE_RENDER_AHEAD_SECONDS
        for preparer in self.preparers:
            try:
                preparer(after, before, deadline)
            except Exception:
                logger.warning("Before a change: %r failed", preparer, exc_info=True)


# The state a thread renders pages for ahead of the process (``Knowledge.rendering_under``).
_rendering = threading.local()
knowledge = Knowledge()


# -- queries waiting for a database that does not answer ------------------------------------

# thread -> (time.monotonic() when its query began, the connection it runs on)
_queries = {}


def track_query(execute, sql, params, many, context):
    """An execute wrapper on every connection (``connection_created``): which query of
    which thread has been waiting since when."""
    thread = threading.get_ident()
    _queries[thread] = (time.monotonic(), context["connection"])
    try:
        return execute(sql, params, many, context)
    finally:
        _queries.pop(thread, None)


def watch_queries(sender, connection, **kwargs):
    if track_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_query)


def end_waiting_queries(began_before):
    for started, connection in list(_queries.values()):
        if started < began_before:
            shut_down(connection)


def shut_down(connection):
    """Shut the socket of a PostgreSQL connection: the query waiting on it fails at once
    with a lost connection (a 503 page), and the connection is opened again later."""
    pgconn = getattr(getattr(connection, "connection", None), "pgconn", None)
    if pgconn is None:
        return
    try:
        duplicate = socket.fromfd(pgconn.socket, socket.AF_INET, socket.SOCK_STREAM)
    except (OSError, ValueError):
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
        logger.warning("Ended a query waiting for a database that does not answer")
    except OSError:
        pass
    finally:
        duplicate.close()
