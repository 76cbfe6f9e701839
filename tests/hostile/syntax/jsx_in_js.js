const { Pool } = require('pg');
const App = () => <div className="a">{items.map(i => <Item key={i} />)}</div>;
export default App;
