"""`knotsession guide [TOPIC]`: the guide's topics, or one topic as plain text."""

from __future__ import annotations

import argparse
import shutil
import sys

from knotsession.core.guide import TOPICS, find_topic, topic_text
from knotsession.core.routine import did_you_mean
from knotsession.core.text import shown


def run(args: argparse.Namespace) -> int:
    """List the topics, or print one."""
    if not args.topic:
        print("Topics (knotsession guide TOPIC):")
        width = max(len(topic.id) for topic in TOPICS)
        for topic in TOPICS:
            print(f"  {topic.id:<{width}}  {topic.title}")
        return 0
    found = find_topic(args.topic)
    if found is None:
        ids = [topic.id for topic in TOPICS]
        hint = did_you_mean(args.topic, ids) or f"topics: {', '.join(ids)}"
        print(f"knotsession: unknown guide topic '{shown(args.topic)}'; {hint}", file=sys.stderr)
        return 2
    topic = found
    width = min(shutil.get_terminal_size().columns, 88)
    print(topic_text(topic, width), end="")
    return 0
