"""Supervision desks: key items (重点督办), pending unit requests, dissatisfied and escalated items."""
