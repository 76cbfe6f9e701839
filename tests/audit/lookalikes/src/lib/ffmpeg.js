const { spawn } = require('child_process');

module.exports = { spawn: () => spawn('ffmpeg', ['-loglevel', 'error', '-i', 'pipe:0', 'pipe:1']) };
