"""The light text format of a ToR's long passages, parsed into blocks.

One line is one paragraph; ``- item`` is a bullet item, ``1. item`` a numbered
item; an item indented by two spaces nests under the item before it;
``## Heading`` is a subheading; blank lines are ignored. The blocks are
rendered by ``templates/includes/tor_text.html`` with autoescaping, so ToR text
never becomes markup.
"""

import re
from dataclasses import dataclass, field

_NUMBERED = re.compile(r"^(\d+)[.)]\s+(.*)$")


@dataclass
class Item:
    text: str
    number: int | None = None
    children: list["Item"] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "bullets" or "numbered"
    text: str = ""
    items: list[Item] = field(default_factory=list)


def _list_item(line):
    """(kind, Item) when the line is a list item, else None."""
    if line.startswith("- "):
        return "bullets", Item(line[2:].strip())
    match = _NUMBERED.match(line)
    if match:
        return "numbered", Item(match.group(2).strip(), number=int(match.group(1)))
    return None


def parse(text):
    blocks = []
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        indented = raw.startswith("  ")
        line = raw.strip()
        item = _list_item(line)
        if item is None:
            if line.startswith("## "):
                blocks.append(Block("heading", text=line[3:].strip()))
            else:
                blocks.append(Block("paragraph", text=line))
            continue
        kind, entry = item
        previous = blocks[-1] if blocks else None
        if indented and previous is not None and previous.kind in ("bullets", "numbered") and previous.items:
            previous.items[-1].children.append(entry)
        elif previous is not None and previous.kind == kind:
            previous.items.append(entry)
        else:
            blocks.append(Block(kind, items=[entry]))
    return blocks


def plain(text):
    """The text without its list and heading markers, for summaries and search."""
    return " ".join(block.text or " ".join(_item_text(i) for i in block.items) for block in parse(text))


def _item_text(item):
    return " ".join([item.text, *(_item_text(child) for child in item.children)])
