// Adapted from semgrep-rules express-path-join-resolve-traversal.
const path = require('path')
const express = require('express')
const { extractFile, createFile, doSmth, sanitizer } = require('./files')
const app = express()
const opts = { path: '/srv/archive' }

app.get('/test1', (req, res) => {
    var extractPath = path.join(opts.path, req.query.path); // expect: RS701
    extractFile(extractPath);
    res.send('Hello World!');
})

app.post('/test2', function test2(req, res) {
    createFile({ filePath: path.resolve(opts.path, req.body) }) // expect: RS701
    res.send('Hello World!')
})

function testCtrl3(req, res) {
    let somePath = req.body.path;
    const pth = path.join(opts.path, somePath); // expect: RS701
    extractFile(pth);
    res.send('Hello World!');
}
app.post('/test3', testCtrl3)

app.post('/test4', function (req, res) {
    let data = req.body.paths;
    data.forEach((entry) => {
        var pth = path.join(opts.path, entry); // expect: RS701
        doSmth(pth);
    })
})

app.post('/test5', function (req, res) {
    let data = req.body.path;
    for (let i = 0; i < data.length; i++) {
        var pth = path.join(opts.path, data[i]); // expect: RS701
        doSmth(pth);
    }
})

app.post('/test6', function test6(req, res) {
    let data = req.body.path;
    for (let x of data) {
        var pth = path.join(opts.path, x); // expect: RS701
        doSmth(pth);
    }
})

app.post('/ok-test1', function okTest1(req, res) {
    let data = ['one', 'two', 'three'];
    for (let x of data) {
        var pth = path.join(opts.path, x);
        doSmth(pth);
    }
})

app.post('/ok-test2', function okTest2() {
    function someFunc() {
        createFile({ filePath: path.join(__dirname, 'val') })
        return true
    }
    someFunc()
})

app.post('/weak', function (req, res) {
    let somePath = req.body.path;
    somePath = somePath.replace(/^(\.\.(\/|\\|$))+/, '');
    return path.join(opts.path, somePath); // expect: RS701
})

app.post('/ok-test4', function (req, res) {
    let somePath = sanitizer(req.body.path);
    return path.join(opts.path, somePath);
})

app.post('/ok-test5', function okTest5(req, res) {
    let somePath = req.body.path;
    let result = path.join(opts.path, somePath);
    if (result.indexOf(opts.path) !== 0) {
        return res.status(400).end();
    }
    extractFile(result);
})

app.listen(3000)
