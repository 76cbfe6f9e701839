const axios = require('axios');

axios.defaults.timeout = 8000;
axios.defaults.headers.common['User-Agent'] = 'catalog-sync/1.2';

module.exports = axios;
