// The bundled sample: a little of everything a first program does.
class Hello {
	static function fib(n:Int):Int {
		return n < 2 ? n : fib(n - 1) + fib(n - 2);
	}

	static var count = 10;

	static function main() {
		var total = 0;
		for (i in 0...count)
			total += fib(i);
		var label = "fib sum";
		Sys.println(label + " = " + total);
		trace("hello from Vm");
	}
}
