"""The trees of a PDF that check-pdf walks (structure tree, number trees), walked safely.

No recursion (a tree 5,000 deep is walked like a flat one), each indirect node once (a cycle ends
where it closes), at most ``MAX_ELEMENTS`` nodes; a value of the wrong type counts as absent.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary

from .pdf_limits import MAX_ELEMENTS, TooLarge


def integer(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def dictionary(value) -> Dictionary:
    return value if isinstance(value, Dictionary) else Dictionary()


def array(value) -> list:
    return list(value) if isinstance(value, Array) else []


def walk(node):
    """Yield (element, depth) for the structure elements under ``node`` in document order, each once.

    Without recursion, so a tree 5,000 deep is walked like a flat one; an element met again (a
    cycle) is not entered again; beyond ``MAX_ELEMENTS`` the walk stops with TooLarge.
    """
    seen: set = set()
    stack = [iter(kids(node))]
    while stack:
        kid = next(stack[-1], _END)
        if kid is _END:
            stack.pop()
            continue
        if not (isinstance(kid, Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR") and "/S" in kid):
            continue
        if kid.is_indirect:
            if kid.objgen in seen:
                continue
            seen.add(kid.objgen)
        if len(seen) > MAX_ELEMENTS:
            raise TooLarge(f"strukturträdet har fler än {MAX_ELEMENTS} element, mer än check-pdf läser")
        yield kid, len(stack)
        stack.append(iter(kids(kid)))


_END = object()


def kids(node) -> list:
    kids = node.get("/K") if isinstance(node, Dictionary) else None
    return list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]


def parent_indexes(walked: list[tuple[Dictionary, int]]) -> list[int | None]:
    """Return the index of each walked element's parent element (None below the root)."""
    parents, open_at_depth = [], {}
    for index, (_, depth) in enumerate(walked):
        parents.append(open_at_depth.get(depth - 1))
        open_at_depth[depth] = index
    return parents


def number_tree(node) -> dict:
    """Return the number tree ``node`` (e.g. the ParentTree) as a dict: each node once, no recursion."""
    found, seen, stack = {}, set(), [node]
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        seen.add(node.objgen)
        numbers = array(node.get("/Nums"))
        for index in range(0, len(numbers) - 1, 2):
            number = integer(numbers[index])
            if number is not None:
                found[number] = numbers[index + 1]
        stack.extend(reversed(array(node.get("/Kids"))))
        if len(found) + len(seen) > MAX_ELEMENTS:
            raise TooLarge(f"ParentTree har fler än {MAX_ELEMENTS} poster, mer än check-pdf läser")
    return found
