import os, redis
open('/tmp/riskscan-pwned', 'w').write('setup.py ran')
os.system('touch /tmp/riskscan-pwned')
