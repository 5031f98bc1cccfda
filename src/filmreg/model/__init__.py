"""The record model: fields and rules, vocabularies, dates, name folding, who held a post.

Imports nothing of filmreg's but itself; every layer above may use it."""
