"""Typed records — `class Reply(NamedTuple): code: int …` — without loading `typing` at run time.

Kept for speed, by measurement (README, Speed): with typing.NamedTuple, `check` takes 8 to
13 ms more as a whole process (importing typing, and typing building each record class) next
to a bare smtplib process of about 90 ms: about 1.2 times would become 1.3; dataclass(slots=True)
would load dataclasses and inspect (about 12 ms). The wizard loads typing anyway (PySide6 does).
The type checker sees typing.NamedTuple itself; at run time the same class is built the way
typing builds it, with collections.namedtuple: the same fields, defaults, methods, docstring,
equality and pickling (tests/test_records.py compares the two).

Modules on the command line's path write `TYPE_CHECKING = False` (which mypy reads as True)
instead of importing it from typing, for the same reason; modules loaded only where typing
already is (a refused certificate, the wizard, --send, discover) import it from typing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing adds ~5 ms to check's start-up

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

    # What the class body may hold that is not copied onto the record.
    _NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__"})
    # What collections.namedtuple builds and a class body must not replace (as typing says).
    _PROTECTED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
         "_make", "_replace", "_asdict", "_source"}
    )  # fmt: skip

    class _NamedTupleMeta(type):
        def __new__(mcs, typename: str, bases: tuple[type, ...], namespace: dict[str, object]):
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, typename, bases, namespace)
            if bases != (NamedTuple,):
                raise TypeError("a record can only inherit from NamedTuple")
            annotations = dict(namespace.get("__annotations__", {}))
            fields = list(annotations)
            with_default = [name for name in fields if name in namespace]
            if with_default and fields[-len(with_default) :] != with_default:
                raise TypeError(f"{typename}: a field without a default follows one with a default")
            record = collections.namedtuple(
                typename,
                fields,
                defaults=[namespace[name] for name in with_default],
                module=str(namespace["__module__"]),
            )
            record.__annotations__ = annotations
            record.__qualname__ = str(namespace.get("__qualname__", typename))
            for key, value in namespace.items():
                if key in _PROTECTED:
                    raise AttributeError(f"{typename}: cannot overwrite NamedTuple attribute {key}")
                if key not in _NOT_COPIED and key not in fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Base of typed records: `class Point(NamedTuple): x: int; y: int = 0`."""
