"""Exceptions a service raises that are neither bad input nor a refusal."""


class Conflict(Exception):
    """A write that clashes with what is already recorded (HTTP 409): a unit's second vote on a
    motion, from whatever device. Nothing was written; the message says what stands."""
