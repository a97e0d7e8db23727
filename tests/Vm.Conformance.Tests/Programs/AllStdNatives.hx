// Pulls every standard-library module with `std` natives into one program (compiled with -dce no).
import sys.io.File;
import sys.io.FileInput;
import sys.io.FileOutput;
import sys.io.Process;
import sys.FileSystem;
import sys.net.Socket;
import sys.net.Host;
import sys.net.UdpSocket;
import sys.thread.Thread;
import sys.thread.Lock;
import sys.thread.Mutex;
import sys.thread.Tls;
import sys.thread.Deque;
import hl.Api;
import hl.Gc;
import hl.Profile;
import hl.Bytes;
import hl.NativeArray;
import hl.Type;
import haxe.Resource;
import haxe.Json;
import haxe.Serializer;
import haxe.Unserializer;
import haxe.CallStack;
import haxe.Timer;
import haxe.io.Path;
import haxe.crypto.Base64;
import haxe.ds.StringMap;
import haxe.ds.IntMap;
import haxe.ds.ObjectMap;
import haxe.ds.EnumValueMap;
import haxe.ds.Vector;
import Date;
import DateTools;
import EReg;
import Reflect;
import Std;
import StringTools;
import Sys;
import Type;
import UnicodeString;
import Xml;

class AllStdNatives {
	static function main() {
		Sys.println("ok");
	}
}
