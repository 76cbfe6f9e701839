import { Pool } from 'pg';
let x: = ;;; class {
