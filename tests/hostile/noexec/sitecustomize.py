import os, redis
os.system('touch /tmp/riskscan-pwned')
