/**
	A game with a large world: 400 000 long-lived entities (about 150 MB on hl), then 400 frames that
	allocate frame garbage, store new objects into old entities and replace some of them, so the old
	generation keeps filling with garbage. A collector that marks the whole world in one pause shows it
	as a frame of 100-200 ms; the frame line reports p50/p99/max frame times.
**/
class Entity {
	public var id:Int;
	public var x:Float;
	public var y:Float;
	public var name:String;
	public var tags:Array<String>;
	public var next:Entity;

	public function new(id) {
		this.id = id;
		x = id * 0.5;
		y = id * 0.25;
		name = "e" + id;
		tags = ["a" + (id % 7), "b" + (id % 11)];
	}
}

class LargeWorld {
	static function main() {
		var size = Sys.args().length > 0 ? Std.parseInt(Sys.args()[0]) : 400000;
		var world = new Array<Entity>();
		for (i in 0...size)
			world.push(new Entity(i));
		var frames = new Array<Float>();
		var check = 0.0;
		for (f in 0...400) {
			var t0 = haxe.Timer.stamp();
			var tmp = [];
			for (k in 0...3000)
				tmp.push({px: k * 1.0, py: f * 1.0});
			for (o in tmp)
				check += o.px * 0.001;
			for (k in 0...500) {
				var e = world[(f * 977 + k * 131) % world.length];
				e.tags = ["f" + f, "k" + k];
				e.next = world[(k * 7919 + f) % world.length];
				e.x += 1;
			}
			for (k in 0...800)
				world[(f * 3001 + k * 17) % world.length] = new Entity(f * 1000 + k);
			frames.push((haxe.Timer.stamp() - t0) * 1000);
		}
		var sum = 0;
		for (e in world)
			sum += e.id % 1000 + e.tags.length + (e.next == null ? 0 : 1);
		Sys.println("largeworld entities=" + world.length + " check=" + Std.int(check) + " sum=" + sum);
		frames.sort(function(a, b) return a < b ? -1 : (a > b ? 1 : 0));
		inline function at(q:Float) return Math.round(frames[Std.int(Math.min(frames.length - 1, Math.ceil(q * frames.length) - 1))] * 1000) / 1000;
		Sys.println("frames " + frames.length + " p50_ms " + at(0.5) + " p99_ms " + at(0.99) + " max_ms " + at(1.0));
	}
}
