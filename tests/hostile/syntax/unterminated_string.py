import redis
s = '''never closed
